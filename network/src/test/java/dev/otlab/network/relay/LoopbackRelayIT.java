package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.readOnlyThenRest;
import static dev.otlab.network.relay.Rules.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.loopback.Loopback;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.testkit.SystemProperty;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The two ways a client of the embedded lab reaches a device through relays, in process and over
 * kernel sockets, compared: the client must see the same answers and errors, and the relays must
 * record the same decisions and events, for allowed, rejected and denied traffic on one hop and on
 * a chain of two.
 */
class LoopbackRelayIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Flow FLOW = Flow.of(HMI, PLC, Protocol.MODBUS);

  /** What one way produced: what the client saw, then what the relays recorded. */
  private record Observed(
      List<String> client, List<RelayDecision> decisions, List<ProtocolEvent> events) {}

  private interface Client {
    void run(ModbusConnection c, List<String> seen) throws IOException;
  }

  /** Plays {@code client} against a fresh device behind fresh relays, one way or the other. */
  private static Observed play(boolean inProcess, List<ConduitSpec> chain, Client client)
      throws Exception {
    return SystemProperty.with(
        Loopback.PROPERTY, Boolean.toString(inProcess), () -> playNow(chain, client));
  }

  private static Observed playNow(List<ConduitSpec> chain, Client client) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
    List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    List<String> seen = new ArrayList<>();
    try {
      ProcessImage image = RelayFixtures.image();
      ModbusTcpServer server = new ModbusTcpServer(image, ModbusServerConfig.defaults());
      open.add(server);
      server.start();
      int next = chain(chain, FLOW, server.port(), open, decisions, events);
      for (int round = 0; round < 2; round++) {
        try (ModbusConnection c =
            ModbusConnection.connect("127.0.0.1", next, RelayFixtures.UNIT_ID, TIMEOUT)) {
          client.run(c, seen);
        } catch (IOException e) {
          seen.add(seenAs(e));
        }
      }
      closeAll(open);
      return new Observed(seen, List.copyOf(decisions), List.copyOf(events));
    } finally {
      closeAll(open);
    }
  }

  /**
   * Starts one relay per conduit of {@code chain} in front of {@code target}, built back to front
   * as the fabric chains them (the last relay forwards to the device), each added to {@code open};
   * returns the first relay's port.
   */
  static int chain(
      List<ConduitSpec> chain,
      Flow flow,
      int target,
      List<AutoCloseable> open,
      List<RelayDecision> decisions,
      List<ProtocolEvent> events) {
    int next = target;
    for (int i = chain.size() - 1; i >= 0; i--) {
      ConduitRelay relay =
          new ConduitRelay(
              RelayRoute.of("hop" + i, flow, chain.get(i), next),
              RelayConfig.defaults(),
              () -> 42.0,
              decisions::add,
              events::add);
      open.add(relay);
      relay.start();
      next = relay.port();
    }
    return next;
  }

  /** Closes the device and relays, last opened first; closing again is harmless. */
  static void closeAll(List<AutoCloseable> open) throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    open.clear();
  }

  private static void sameBothWays(List<ConduitSpec> chain, Client client) throws Exception {
    Observed sockets = play(false, chain, client);
    Observed inProcess = play(true, chain, client);
    assertThat(inProcess.client()).isEqualTo(sockets.client()).isNotEmpty();
    // Each relay's own record, in its order. Across the relays of a chain the order of records
    // over sockets depends on which relay thread runs first; in process it is the order of the
    // hops.
    assertThat(byRelay(inProcess.decisions(), RelayDecision::relay))
        .isEqualTo(byRelay(sockets.decisions(), RelayDecision::relay))
        .isNotEmpty();
    assertThat(byRelay(inProcess.events(), ProtocolEvent::relay))
        .isEqualTo(byRelay(sockets.events(), ProtocolEvent::relay));
  }

  private static <T> Map<String, List<T>> byRelay(List<T> records, Function<T, String> relay) {
    Map<String, List<T>> out = new TreeMap<>();
    records.forEach(r -> out.computeIfAbsent(relay.apply(r), k -> new ArrayList<>()).add(r));
    return out;
  }

  /**
   * Reads, then a write, then a read again, until the connection fails; each answer or error as the
   * client saw it. Only the first failure of a connection is compared: what a client sees when it
   * writes on after a close depends, over sockets, on whether the peer's reset has arrived yet (the
   * lab's clients reconnect after the first).
   */
  private static final Client READ_WRITE_READ =
      (c, seen) -> {
        List<Call> calls =
            List.of(
                () -> Arrays.toString(c.read(3, RelayFixtures.HR_SPEED, 1)),
                () -> {
                  c.writeRegister(RelayFixtures.HR_SPEED, 50);
                  return "written";
                },
                () -> Arrays.toString(c.read(4, 0, 2)));
        for (Call call : calls) {
          try {
            seen.add(call.call());
          } catch (ModbusConnection.ExceptionResponse e) {
            seen.add(e.getMessage());
          } catch (IOException e) {
            seen.add(seenAs(e));
            return;
          }
        }
      };

  /**
   * An error as the client saw it. A reset is read ("Connection reset") or met by a write or a
   * connect ("... by peer"): over sockets, which one depends on when the reset arrives.
   */
  private static String seenAs(IOException e) {
    return e.getClass().getSimpleName()
        + ": "
        + String.valueOf(e.getMessage()).replace("reset by peer", "reset");
  }

  private interface Call {
    String call() throws IOException;
  }

  @Test
  void readsPassAndAWriteIsRefusedTheSameWayInProcessAndOverSockets() throws Exception {
    sameBothWays(List.of(readOnlyThenRest(RuleAction.REJECT)), READ_WRITE_READ);
    sameBothWays(List.of(readOnlyThenRest(RuleAction.DENY)), READ_WRITE_READ);
  }

  @Test
  void aDeniedOrRejectedConnectionFailsTheSameWay() throws Exception {
    sameBothWays(
        List.of(
            conduit(
                "closed",
                rule("nothing", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.DENY))),
        READ_WRITE_READ);
    sameBothWays(
        List.of(
            conduit(
                "reset",
                rule("nothing", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT))),
        READ_WRITE_READ);
  }

  @Test
  void aChainOfTwoConduitsJudgesTheSameWay() throws Exception {
    ConduitSpec open =
        conduit(
            "dmz",
            rule("all-modbus", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.ALLOW));
    sameBothWays(List.of(open, readOnlyThenRest(RuleAction.REJECT)), READ_WRITE_READ);
    sameBothWays(List.of(readOnlyThenRest(RuleAction.DENY), open), READ_WRITE_READ);
  }
}
