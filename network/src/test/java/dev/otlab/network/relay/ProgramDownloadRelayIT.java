package dev.otlab.network.relay;

import static dev.otlab.network.relay.Rules.ENG;
import static dev.otlab.network.relay.Rules.HMI;
import static dev.otlab.network.relay.Rules.PLC;
import static dev.otlab.network.relay.Rules.conduit;
import static dev.otlab.network.relay.Rules.modbus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.Protocol;
import dev.otlab.network.RuleAction;
import dev.otlab.network.Selector;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.ModbusPdu;
import dev.otlab.simulator.modbus.ModbusServerConfig;
import dev.otlab.simulator.modbus.ModbusTcpServer;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.ProgramCodec;
import dev.otlab.simulator.plc.SoftPlc;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A program download end to end: a real Modbus server serving a soft PLC, a conduit relay with a
 * function-code allow-list, and a client speaking FC90 over TCP on loopback.
 */
class ProgramDownloadRelayIT {

  /** A long program: more than one 240-byte segment each way. */
  private static final List<BlockSpec> ORIGINAL = program("fill", 6);

  private static final List<BlockSpec> INVERTED = program("drain", 6);

  private final ProcessImage image = RelayFixtures.image();
  private final SoftPlc plc = SoftPlc.fromSource("plc-1", SoftPlc.Kind.PLC, image, ORIGINAL, 0.1);
  private final List<RelayDecision> decisions = new CopyOnWriteArrayList<>();
  private final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  private static List<BlockSpec> program(String action, int copies) {
    List<BlockSpec> p = new ArrayList<>();
    for (int i = 0; i < copies; i++) {
      p.add(
          new BlockSpec(
              "hysteresis",
              Map.of(
                  "level", "level",
                  "output", "pump_run",
                  "low", String.valueOf(1 + i * 0.01),
                  "high", "8",
                  "action", action)));
    }
    return p;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private ConduitRelay relay(Flow flow) {
    ModbusTcpServer server = new ModbusTcpServer(plc, ModbusServerConfig.defaults());
    toClose.add(server);
    server.start();
    ConduitSpec c =
        conduit(
            "ops-ctl",
            modbus(
                "hmi-rw",
                Selector.host("hmi-1"),
                Selector.zone("control"),
                RuleAction.ALLOW,
                new ModbusFilter(Set.of(1, 2, 3, 4, 6, 16), List.of())),
            modbus(
                "eng-program",
                Selector.host("eng-ws"),
                Selector.host("plc-1"),
                RuleAction.ALLOW,
                new ModbusFilter(Set.of(3, 90), List.of())),
            Rules.rule("rest", Selector.ANY, Selector.ANY, Protocol.MODBUS, RuleAction.REJECT));
    ConduitRelay r =
        new ConduitRelay(
            RelayRoute.of("relay-" + flow.source().id(), flow, c, server.port()),
            RelayConfig.defaults(),
            () -> 42.0,
            decisions::add,
            events::add);
    toClose.add(r);
    r.start();
    return r;
  }

  @Test
  void theEngineeringWorkstationDownloadsThroughAnAllowListThatNamesFc90() throws IOException {
    ConduitRelay relay = relay(Flow.of(ENG, PLC, Protocol.MODBUS));
    byte[] text = ProgramCodec.encodeBytes(INVERTED);
    assertThat(text.length).isGreaterThan(EngineeringProtocol.MAX_SEGMENT);
    try (Fc90Client c = new Fc90Client(relay.port())) {
      byte[] uploaded = c.upload();
      assertThat(ProgramCodec.decode(uploaded)).isEqualTo(ORIGINAL);
      c.ok(EngineeringProtocol.setMode(PlcMode.PROGRAM));
      c.ok(EngineeringProtocol.downloadBegin(text.length, ProgramCodec.crc(text)));
      for (int off = 0; off < text.length; off += EngineeringProtocol.MAX_SEGMENT) {
        int n = Math.min(EngineeringProtocol.MAX_SEGMENT, text.length - off);
        c.ok(EngineeringProtocol.downloadSegment(off, text, off, n));
      }
      c.ok(EngineeringProtocol.downloadCommit());
      c.ok(EngineeringProtocol.setMode(PlcMode.RUN));
      assertThat(EngineeringProtocol.parseInfo(c.ok(EngineeringProtocol.info())).crc())
          .isEqualTo(ProgramCodec.crc(text));
    }
    assertThat(plc.source()).contains(INVERTED);
    assertThat(plc.mode()).isEqualTo(PlcMode.RUN);
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(e -> e.operation().equals("PROGRAM_DOWNLOAD"))
                    .hasSize(2 + (text.length + 239) / 240)
                    .allSatisfy(
                        e -> {
                          assertThat(e.write()).isTrue();
                          assertThat(e.code()).isEqualTo(90);
                          assertThat(e.result()).isEqualTo(Result.OK);
                          assertThat(e.rule()).isEqualTo("eng-program");
                        }));
    assertThat(events)
        .filteredOn(e -> e.operation().equals("CHANGE_MODE"))
        .extracting(e -> e.values().get(0))
        .containsExactly(2.0, 1.0);
    assertThat(decisions).noneMatch(d -> !d.decision().allowed());
  }

  @Test
  void anHmiWhoseAllowListLacksFc90IsRejectedBeforeThePlcSeesAnything() throws IOException {
    ConduitRelay relay = relay(Flow.of(HMI, PLC, Protocol.MODBUS));
    try (Fc90Client c = new Fc90Client(relay.port())) {
      assertThat(c.exceptionCode(EngineeringProtocol.setMode(PlcMode.PROGRAM))).isEqualTo(1);
      byte[] text = ProgramCodec.encodeBytes(INVERTED);
      assertThat(c.exceptionCode(EngineeringProtocol.downloadBegin(text.length, 0))).isEqualTo(1);
      // The same connection still reads: the allow-list refuses functions, not the client.
      assertThat(c.ok(ModbusPdu.fromHex("03 00 00 00 01"))).hasSize(4);
    }
    assertThat(plc.mode()).isEqualTo(PlcMode.RUN);
    assertThat(plc.source()).contains(ORIGINAL);
    assertThat(plc.engineering().info().downloads()).isZero();
    await()
        .untilAsserted(
            () ->
                assertThat(events)
                    .filteredOn(e -> e.code() == 90)
                    .extracting(
                        ProtocolEvent::operation, ProtocolEvent::result, ProtocolEvent::rule)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CHANGE_MODE", Result.REJECTED, "rest"),
                        org.assertj.core.groups.Tuple.tuple(
                            "PROGRAM_DOWNLOAD", Result.REJECTED, "rest")));
  }

  /** A bare Modbus TCP client that hands back response PDUs or exception codes. */
  private static final class Fc90Client implements AutoCloseable {
    private final Socket socket = new Socket();
    private final DataInputStream in;
    private int tid;

    Fc90Client(int port) throws IOException {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(5000);
      in = new DataInputStream(socket.getInputStream());
    }

    private byte[] exchange(byte[] pdu) throws IOException {
      socket.getOutputStream().write(ModbusPdu.requestFrame(++tid, RelayFixtures.UNIT_ID, pdu));
      byte[] header = new byte[7];
      in.readFully(header);
      assertThat(((header[0] & 0xFF) << 8) | (header[1] & 0xFF)).isEqualTo(tid);
      byte[] body = new byte[(((header[4] & 0xFF) << 8) | (header[5] & 0xFF)) - 1];
      in.readFully(body);
      return body;
    }

    byte[] ok(byte[] pdu) throws IOException {
      byte[] r = exchange(pdu);
      assertThat(r[0]).as("response to %s", ModbusPdu.hex(pdu)).isEqualTo(pdu[0]);
      return r;
    }

    int exceptionCode(byte[] pdu) throws IOException {
      byte[] r = exchange(pdu);
      assertThat(r[0] & 0xFF).isEqualTo((pdu[0] & 0xFF) | 0x80);
      return r[1] & 0xFF;
    }

    byte[] upload() throws IOException {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int total;
      do {
        EngineeringProtocol.Chunk chunk =
            EngineeringProtocol.parseUpload(
                ok(EngineeringProtocol.upload(text.size(), EngineeringProtocol.MAX_SEGMENT)));
        total = chunk.total();
        text.writeBytes(chunk.data());
      } while (text.size() < total);
      return text.toByteArray();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
