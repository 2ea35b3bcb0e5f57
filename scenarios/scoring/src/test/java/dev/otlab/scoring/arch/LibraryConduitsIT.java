package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.lab.Lab;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.Operation;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every library architecture, run as a lab, lets through exactly what its rules allow: for every
 * host and every controller, a Modbus read (FC03 of holding register 0) and a coil write (FC05 of
 * coil 0, writing back the value it holds) are answered through the relays if and only if the
 * static reachability analysis of the same file says the route allows them, end to end through the
 * lab's real servers. {@link PolicyDifferentialIT} compares every class of operations.
 */
class LibraryConduitsIT {

  @TempDir Path pki;

  static Stream<String> architectures() {
    return Library.names("architectures").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("architectures")
  void relaysEnforceWhatTheRulesSay(String name) {
    ArchitectureSpec arch = ArchitectureLoader.load(name);
    PlantSpec plant = PlantLoader.load(arch.plant());
    Reachability reach = new Reachability(arch);
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    Lab lab =
        new Lab(
            plant,
            arch,
            new LabClock(1, Speed.MAX),
            pki,
            Map.of("operator", "operator"),
            d -> {},
            events::add);
    lab.start();
    List<String> checked = new ArrayList<>();
    try {
      for (HostSpec source : arch.hosts()) {
        for (HostSpec target : arch.hosts()) {
          if (target.controller() == null || target.id().equals(source.id())) {
            continue;
          }
          int unit = plant.controller(target.controller()).orElseThrow().unitId();
          Optional<Reachability.Access> expected =
              reach.access(source.id(), target.id(), Service.MODBUS);
          Access access = lab.network().access(source.id(), target.id(), Protocol.MODBUS);
          String pair = name + ": " + source.id() + " -> " + target.id();
          if (access instanceof Access.Unreachable) {
            // No conduit chain at all: the analysis must not find a way either.
            assertThat(expected).as(pair + " has no conduit path").isEmpty();
          }

          boolean readExpected = allows(expected, 3, 0);
          boolean writeExpected = allows(expected, 5, 0);
          assertThat(answered(access, unit, 3, 0, 1)).as(pair + " FC03").isEqualTo(readExpected);
          // Writing coil 0 back with the value it holds leaves the plant as it was.
          boolean coil =
              lab.plant()
                      .controller(target.controller())
                      .image()
                      .get(
                          plant.controller(target.controller()).orElseThrow().points().stream()
                              .filter(
                                  b ->
                                      b.point().table() == dev.otlab.simulator.plc.Table.COIL
                                          && b.point().address() == 0)
                              .findFirst()
                              .orElseThrow()
                              .point()
                              .tag())
                  != 0;
          assertThat(answered(access, unit, 5, 0, coil ? 0xFF00 : 0))
              .as(pair + " FC05")
              .isEqualTo(writeExpected);
          checked.add(pair);
        }
      }
      // Every library design has a sensor somewhere, and the probes crossed it.
      assertThat(events).anySatisfy(e -> assertThat(lab.network().sensed(e)).isTrue());
    } finally {
      lab.stop();
    }
    assertThat(checked).isNotEmpty();
  }

  private static boolean allows(
      Optional<Reachability.Access> access, int functionCode, int address) {
    return access.isPresent()
        && access.get().grants().stream()
            .map(Reachability.Grant::operations)
            .anyMatch(o -> allows(o, functionCode, address));
  }

  private static boolean allows(Operations o, int functionCode, int address) {
    int k = o.space().classOf(new Operation.Modbus(functionCode, address, 1, -1, 0));
    return k >= 0 && o.allows(k);
  }

  /**
   * Sends one request on a fresh connection with a plain socket (j2mod's client waits out its
   * timeout on a closed connection, which would make this sweep take minutes) and says whether the
   * server answered it normally.
   */
  private static boolean answered(Access access, int unit, int fc, int address, int value) {
    byte[] req = {
      0,
      7,
      0,
      0,
      0,
      6,
      (byte) unit,
      (byte) fc,
      (byte) (address >> 8),
      (byte) address,
      (byte) (value >> 8),
      (byte) value
    };
    try (Socket s = new Socket(access.address(), access.port())) {
      s.setSoTimeout(3000);
      s.getOutputStream().write(req);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] header = new byte[8];
      in.readFully(header);
      return (header[7] & 0x80) == 0 && header[7] == fc;
    } catch (IOException e) {
      // Closed, reset or silent: the conduit did not let the request through.
      return false;
    }
  }
}
