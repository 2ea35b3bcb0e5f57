package dev.otlab.simulator.modbus;

import static dev.otlab.simulator.modbus.ModbusFixtures.COIL_INTERLOCK;
import static dev.otlab.simulator.modbus.ModbusFixtures.COIL_VALVE;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_RATIO;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SERIAL;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SETPOINT;
import static dev.otlab.simulator.modbus.ModbusFixtures.HR_SPEED;
import static dev.otlab.simulator.modbus.ModbusFixtures.IR_LEVEL;
import static dev.otlab.simulator.modbus.ModbusFixtures.IR_TEMPERATURE;
import static dev.otlab.simulator.modbus.ModbusPdu.fromHex;
import static dev.otlab.simulator.modbus.ModbusPdu.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.modbus.ModbusServerListener.CloseReason;
import dev.otlab.simulator.modbus.ModbusServerListener.Outcome;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.testkit.Ports;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ModbusServerIT {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private ProcessImage image;
  private RecordingListener events;
  private ModbusTcpServer server;

  @BeforeEach
  void startServer() {
    image = ModbusFixtures.image();
    events = new RecordingListener();
    server =
        start(
            ModbusServerConfig.defaults()
                .withConnectionCaps(8, 4)
                .withTimeouts(Duration.ofSeconds(30), SHORT));
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable c : cleanup) {
      c.close();
    }
  }

  private ModbusTcpServer start(ModbusServerConfig config) {
    ModbusTcpServer s = new ModbusTcpServer(image, config, events);
    cleanup.add(s);
    s.start();
    return s;
  }

  private RawModbusSocket raw() throws IOException {
    return raw(server);
  }

  private RawModbusSocket raw(ModbusTcpServer target) throws IOException {
    RawModbusSocket s = new RawModbusSocket(target.port());
    cleanup.add(0, s);
    return s;
  }

  private ModbusClient client(ModbusTcpServer target) {
    ModbusClient c =
        ModbusClient.connect(
            "127.0.0.1", target.port(), ModbusFixtures.UNIT_ID, Duration.ofSeconds(5));
    cleanup.add(0, c);
    return c;
  }

  // ---- well-formed traffic through j2mod --------------------------------------------------

  @Test
  void servesEveryTableToJ2mod() {
    ModbusClient c = client(server);

    assertThat(c.readCoils(0, 4)).containsExactly(true, false, false, true);
    assertThat(c.readDiscreteInputs(0, 3)).containsExactly(true, false, true);
    assertThat(c.readInputRegisters(IR_LEVEL, 3)).containsExactly(42, 2137, 125);
    assertThat(c.readHoldingRegisters(HR_SETPOINT, 2)).containsExactly(555, 1200);
    assertThat(c.readHoldingFloat(HR_RATIO)).isEqualTo(1.5f);
    assertThat(c.readHoldingRegisters(HR_SERIAL, 1)).containsExactly(4711);
  }

  @Test
  void writesReachTheProcessImage() {
    ModbusClient c = client(server);

    c.writeCoil(COIL_VALVE, true);
    c.writeCoils(0, false, true, true);
    c.writeRegister(HR_SETPOINT, 725);
    c.writeRegisters(HR_SPEED, 900);
    c.writeHoldingFloat(HR_RATIO, -3.25f);

    assertThat(image.get("valve_open")).isEqualTo(1.0);
    assertThat(image.get("pump_run")).isEqualTo(0.0);
    assertThat(image.get("alarm_ack")).isEqualTo(1.0);
    assertThat(image.get("setpoint")).isEqualTo(72.5);
    assertThat(image.get("speed")).isEqualTo(900.0);
    assertThat(image.get("ratio")).isEqualTo(-3.25);
    assertThat(c.readHoldingRegisters(HR_SETPOINT, 1)).containsExactly(725);
  }

  @Test
  void j2modSeesExceptionCodes() {
    ModbusClient c = client(server);

    assertExceptionCode(() -> c.writeRegister(HR_SERIAL, 1), 2);
    assertExceptionCode(() -> c.writeCoil(COIL_INTERLOCK, false), 2);
    assertExceptionCode(() -> c.readHoldingRegisters(100, 1), 2);
    assertExceptionCode(() -> c.writeRegister(HR_SETPOINT, 1001), 3);
    assertExceptionCode(() -> c.writeHoldingFloat(HR_RATIO, Float.NaN), 3);
    assertExceptionCode(() -> c.writeHoldingFloat(HR_RATIO, 10.5f), 3);
    image.setAvailable(false);
    assertExceptionCode(() -> c.readInputRegisters(IR_TEMPERATURE, 1), 4);
    image.setAvailable(true);
    assertThat(c.readInputRegisters(IR_TEMPERATURE, 1)).containsExactly(2137);
    assertThat(image.get("serial_no")).isEqualTo(4711.0);
    assertThat(image.get("ratio")).isEqualTo(1.5);
  }

  private static void assertExceptionCode(Runnable call, int code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ModbusClientException.class,
            e -> {
              assertThat(e.isExceptionResponse()).isTrue();
              assertThat(e.rawExceptionCode()).isEqualTo(code);
              assertThat(e.code()).isEqualTo("MODBUS_EXCEPTION_RESPONSE");
            });
  }

  // ---- every bad-input row over a raw socket ----------------------------------------------

  static Stream<Arguments> exceptionRows() {
    int nan = Float.floatToIntBits(Float.NaN);
    return Stream.of(
        arguments("foreign unit id", 9, "03 0000 0001", 0x0B),
        arguments("unknown function", 1, "07", 0x01),
        arguments("unknown function 0x64", 1, "64 0000 0001", 0x01),
        arguments("FC01 quantity 0", 1, "01 0000 0000", 0x03),
        arguments("FC01 quantity 2001", 1, "01 0000 07D1", 0x03),
        arguments("FC02 quantity 0", 1, "02 0000 0000", 0x03),
        arguments("FC02 quantity 2001", 1, "02 0000 07D1", 0x03),
        arguments("FC03 quantity 0", 1, "03 0000 0000", 0x03),
        arguments("FC03 quantity 126", 1, "03 0000 007E", 0x03),
        arguments("FC04 quantity 0", 1, "04 0000 0000", 0x03),
        arguments("FC04 quantity 126", 1, "04 0000 007E", 0x03),
        arguments("FC03 PDU too long", 1, "03 0000 0001 00", 0x03),
        arguments("FC03 PDU too short", 1, "03 0000", 0x03),
        arguments("FC05 value not 0000/FF00", 1, "05 0001 0001", 0x03),
        arguments("FC15 quantity 0", 1, "0F 0000 0000 00", 0x03),
        arguments("FC15 quantity 1969", 1, "0F 0000 07B1 F7" + "00".repeat(0xF7), 0x03),
        arguments("FC15 byte count mismatch", 1, "0F 0000 0003 02 07 00", 0x03),
        arguments("FC16 quantity 0", 1, "10 0000 0000 00", 0x03),
        arguments("FC16 quantity 124", 1, "10 0000 007C 00", 0x03),
        arguments("FC16 byte count mismatch", 1, "10 0000 0001 04 0001 0002", 0x03),
        arguments("FC23 read quantity 0", 1, "17 0000 0000 0000 0001 02 0001", 0x03),
        arguments("FC23 read quantity 126", 1, "17 0000 007E 0000 0001 02 0001", 0x03),
        arguments("FC23 write quantity 0", 1, "17 0000 0001 0000 0000 00", 0x03),
        arguments("FC23 write quantity 122", 1, "17 0000 0001 0000 007A 00", 0x03),
        arguments("FC23 byte count mismatch", 1, "17 0000 0001 0001 0001 03 000100", 0x03),
        arguments("FC08 other sub-function", 1, "08 000A 0000", 0x01),
        arguments("FC43 bad read code", 1, "2B 0E 03 00", 0x03),
        arguments("FC43 unknown object", 1, "2B 0E 04 42", 0x02),
        arguments("FC43 other MEI type", 1, "2B 0D 01 00", 0x01),
        arguments("FC03 outside the map", 1, "03 0005 0001", 0x02),
        arguments("FC01 outside the map", 1, "01 0002 0003", 0x02),
        arguments("FC02 outside the map", 1, "02 0003 0001", 0x02),
        arguments("FC04 outside the map", 1, "04 0000 0004", 0x02),
        arguments("FC03 wraps past 65535", 1, "03 FFFF 0002", 0x02),
        arguments("FC01 wraps past 65535", 1, "01 FFFF 0002", 0x02),
        arguments("FC16 wraps past 65535", 1, "10 FFFF 0002 04 0000 0000", 0x02),
        arguments("FC06 read-only register", 1, "06 0004 0001", 0x02),
        arguments("FC05 read-only coil", 1, "05 0003 0000", 0x02),
        arguments("FC15 covers read-only coil", 1, "0F 0002 0002 01 00", 0x02),
        arguments("FC06 half a float32", 1, "06 0003 0000", 0x02),
        arguments("FC06 above envelope", 1, "06 0000 03E9", 0x03),
        arguments("FC06 below envelope", 1, "06 0001 FFFF", 0x03),
        arguments("FC16 NaN float", 1, String.format("10 0002 0002 04 %08X", nan), 0x03),
        arguments("FC16 infinite float", 1, "10 0002 0002 04 7F80 0000", 0x03),
        arguments("FC23 write out of envelope", 1, "17 0000 0001 0000 0001 02 7FFF", 0x03));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exceptionRows")
  void answersBadRequestsWithTheRightException(String name, int unit, String pdu, int code)
      throws IOException {
    RawModbusSocket s = raw();
    byte[] request = fromHex(pdu);

    byte[] response = s.exchange(ModbusPdu.requestFrame(0xBEEF, unit, request));

    int fc = request[0] & 0xFF;
    assertThat(hex(response))
        .isEqualTo(
            hex(
                new byte[] {
                  (byte) 0xBE, (byte) 0xEF, 0, 0, 0, 3, (byte) unit, (byte) (fc | 0x80), (byte) code
                }));
    // An exception never costs the client its connection, and nothing was written.
    assertThat(hex(s.exchange(ModbusPdu.requestFrame(2, 1, fromHex("03 0000 0001")))))
        .isEqualTo("00 02 00 00 00 05 01 03 02 02 2b");
    assertThat(image.snapshot()).isEqualTo(ModbusFixtures.image().snapshot());
    await()
        .atMost(AWAIT)
        .untilAsserted(
            () ->
                assertThat(events.requests)
                    .anySatisfy(
                        e -> {
                          assertThat(e.functionCode()).isEqualTo(fc);
                          assertThat(e.outcome()).isInstanceOf(Outcome.ExceptionResponse.class);
                          assertThat(((Outcome.ExceptionResponse) e.outcome()).code().code())
                              .isEqualTo(code);
                        }));
  }

  @ParameterizedTest(name = "unit id {0}")
  @CsvSource({"1", "0", "255"})
  void answersItsUnitIdAndTheTcpConventions(int unit) throws IOException {
    byte[] response = raw().exchange(ModbusPdu.requestFrame(7, unit, fromHex("04 0000 0001")));

    assertThat(hex(response))
        .isEqualTo(hex(fromHex(String.format("0007 0000 0005 %02X 04 02 002A", unit))));
  }

  @Test
  void echoesDiagnosticsReportsIdAndIdentifies() throws IOException {
    RawModbusSocket s = raw();

    assertThat(hex(s.exchange(ModbusPdu.requestFrame(1, 1, fromHex("08 0000 1234 5678")))))
        .isEqualTo("00 01 00 00 00 08 01 08 00 00 12 34 56 78");
    byte[] id = s.exchange(ModbusPdu.requestFrame(2, 1, fromHex("11")));
    assertThat(id[7]).isEqualTo((byte) 0x11);
    assertThat(id[id.length - 1]).isEqualTo((byte) 0xFF);
    assertThat(new String(id, 9, id[8] - 1, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("otlab-test TEST-PLC 1.2");
    byte[] dev = s.exchange(ModbusPdu.requestFrame(3, 1, fromHex("2B 0E 01 00")));
    assertThat(hex(dev))
        .contains(hex("TEST-PLC".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertThat(dev[13]).isEqualTo((byte) 3);
  }

  @Test
  void answersPipelinedRequestsInOrder() throws IOException {
    RawModbusSocket s = raw();
    byte[] a = ModbusPdu.requestFrame(10, 1, fromHex("04 0000 0001"));
    byte[] b = ModbusPdu.requestFrame(11, 1, fromHex("03 0001 0001"));
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);

    s.send(both);

    assertThat(hex(s.readFrame())).isEqualTo("00 0a 00 00 00 05 01 04 02 00 2a");
    assertThat(hex(s.readFrame())).isEqualTo("00 0b 00 00 00 05 01 03 02 04 b0");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "protocol id 1, 0001 0001 0006 01 03 0000 0001",
    "protocol id 0xFFFF, 0001 FFFF 0006 01 03 0000 0001",
    "length 0, 0001 0000 0000 01 03 0000 0001",
    "length 1, 0001 0000 0001 01 03 0000 0001",
    "length 255, 0001 0000 00FF 01 03 0000 0001",
    "length 65535, 0001 0000 FFFF 01 03 0000 0001"
  })
  void closesOnMalformedHeaderWithoutAnswer(String name, String frame) throws IOException {
    RawModbusSocket s = raw();

    s.send(fromHex(frame));

    await().atMost(AWAIT).until(s::closedByServer);
    await()
        .atMost(AWAIT)
        .until(() -> events.reasonsFor(s.localPort()).contains(CloseReason.MALFORMED_FRAME));
    assertThat(events.requests).isEmpty();
  }

  // ---- timeouts, slow clients, floods ------------------------------------------------------

  @Test
  void slowDripIsClosedWhileOthersAreServed() throws IOException {
    ModbusClient good = client(server);
    RawModbusSocket drip = raw();
    // A 253-byte PDU sent one byte per poll would take far longer than the frame timeout.
    byte[] frame =
        ModbusPdu.requestFrame(
            1, 1, new ModbusRequest.WriteMultipleRegisters(0, new short[123]).encode());
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();

    await()
        .atMost(AWAIT)
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> {
              assertThat(good.readHoldingRegisters(HR_SPEED, 1)).containsExactly(1200);
              answered.incrementAndGet();
              if (drip.closedByServer()) {
                return true;
              }
              try {
                drip.send(new byte[] {frame[sent.getAndIncrement()]});
              } catch (IOException e) {
                return true;
              }
              return false;
            });

    assertThat(sent.get()).isLessThan(frame.length);
    assertThat(answered.get()).isPositive();
    await()
        .atMost(AWAIT)
        .until(() -> events.reasonsFor(drip.localPort()).contains(CloseReason.FRAME_TIMEOUT));
    assertThat(good.readInputRegisters(IR_LEVEL, 1)).containsExactly(42);
  }

  @Test
  void halfAFrameThenSilenceIsClosedAfterTheFrameTimeout() throws IOException {
    RawModbusSocket s = raw();

    s.send(fromHex("0001 0000 0006 01 03"));

    await().atMost(AWAIT).until(s::closedByServer);
    assertThat(events.reasonsFor(s.localPort())).containsExactly(CloseReason.FRAME_TIMEOUT);
  }

  @Test
  void idleConnectionsAreClosed() throws IOException {
    ModbusTcpServer idle = start(ModbusServerConfig.defaults().withTimeouts(SHORT, SHORT));
    RawModbusSocket s = raw(idle);
    assertThat(s.exchange(ModbusPdu.requestFrame(1, 1, fromHex("04 0000 0001")))).hasSize(11);

    await().atMost(AWAIT).until(s::closedByServer);

    await()
        .atMost(AWAIT)
        .until(() -> events.reasonsFor(s.localPort()).contains(CloseReason.IDLE_TIMEOUT));
    await().atMost(AWAIT).until(() -> idle.connectionCount() == 0);
  }

  @ParameterizedTest(name = "total {0}, per source {1}")
  @CsvSource({"8, 4", "3, 3"})
  void floodIsCappedWhileConnectedClientsAreServed(int total, int perSource) throws IOException {
    ModbusTcpServer capped =
        start(
            ModbusServerConfig.defaults()
                .withConnectionCaps(total, perSource)
                .withTimeouts(Duration.ofSeconds(30), SHORT));
    int cap = Math.min(total, perSource); // every test connection comes from 127.0.0.1
    ModbusClient good = client(capped);
    List<RawModbusSocket> flood = new ArrayList<>();
    for (int i = 0; i < cap + 10; i++) {
      flood.add(raw(capped));
      assertThat(good.readHoldingRegisters(HR_SPEED, 1)).containsExactly(1200);
    }

    await()
        .atMost(AWAIT)
        .untilAsserted(
            () ->
                assertThat(flood.stream().filter(RawModbusSocket::closedByServer).count())
                    .isEqualTo(flood.size() - (cap - 1)));
    await()
        .atMost(AWAIT)
        .until(() -> events.disconnects(CloseReason.OVER_CAPACITY) == flood.size() - (cap - 1));
    assertThat(capped.connectionCount()).isEqualTo(cap);
    // The flood connections that got in are served like anyone else.
    for (RawModbusSocket s : flood) {
      if (!s.closedByServer()) {
        assertThat(s.exchange(ModbusPdu.requestFrame(5, 1, fromHex("04 0000 0001")))).hasSize(11);
      }
    }
    assertThat(good.readInputRegisters(IR_LEVEL, 1)).containsExactly(42);

    for (RawModbusSocket s : flood) {
      s.close();
    }
    await().atMost(AWAIT).until(() -> capped.connectionCount() == 1);
    // Slots are released: a newcomer gets in again.
    assertThat(client(capped).readInputRegisters(IR_LEVEL, 1)).containsExactly(42);
  }

  @Test
  void clientThatStopsReadingIsClosedByTheWatchdog() throws IOException {
    // A short write timeout, and idle and frame timeouts far beyond the wait: a flooding client
    // that stops reading also stalls mid-frame, and on a loaded machine the frame deadline could
    // otherwise close the connection first; this test is about the write watchdog alone.
    ModbusTcpServer stalled =
        start(
            ModbusServerConfig.defaults()
                .withConnectionCaps(8, 4)
                .withTimeouts(Duration.ofMinutes(10), Duration.ofMinutes(10))
                .withWriteTimeout(SHORT));
    RawModbusSocket reader = new RawModbusSocket(stalled.port(), 1024);
    cleanup.add(0, reader);
    ModbusClient good = client(stalled);
    byte[] request = ModbusPdu.requestFrame(1, 1, fromHex("03 0000 0005"));
    byte[] burst = new byte[request.length * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(request, 0, burst, i * request.length, request.length);
    }
    Thread writer =
        new Thread(
            () -> {
              try {
                while (true) {
                  reader.send(burst);
                }
              } catch (IOException e) {
                // The server closed the connection: what this test waits for.
              }
            },
            "never-reading-client");
    writer.setDaemon(true);
    writer.start();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !events.reasonsFor(reader.localPort()).isEmpty());
    assertThat(events.reasonsFor(reader.localPort())).containsExactly(CloseReason.WRITE_STALLED);
    // The fixed send buffer bounds what a client that never reads can park on the server: about
    // 3,000 answers of 19 bytes here, where kernel autotuning let it park 85,000 and more.
    assertThat(events.requests).hasSizeLessThan(10_000);
    assertThat(good.readHoldingRegisters(HR_SPEED, 1)).containsExactly(1200);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  @Test
  void stopClosesClientsAndReleasesThePort() throws IOException {
    // A fixed port below the ephemeral range: a kernel-picked port, once released, may become the
    // local port of any outgoing connection on the machine before the restart binds it.
    server.stop();
    server = start(ModbusServerConfig.defaults().withPort(Ports.freeBelowEphemeralRange()));
    RawModbusSocket s = raw();
    int port = server.port();
    assertThat(s.exchange(ModbusPdu.requestFrame(1, 1, fromHex("04 0000 0001")))).hasSize(11);

    server.stop();
    server.stop();

    assertThat(s.closedByServer()).isTrue();
    // The connection thread reports its close; stop() waits for it, but only up to a bound.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events.disconnects(CloseReason.SERVER_STOPPED) == 1);
    ModbusTcpServer again = start(ModbusServerConfig.defaults().withPort(port));
    assertThat(again.port()).isEqualTo(port);
    assertThat(client(again).readInputRegisters(IR_LEVEL, 1)).containsExactly(42);
  }

  @Test
  void aTakenPortIsAClearError() {
    ModbusTcpServer clash =
        new ModbusTcpServer(image, ModbusServerConfig.defaults().withPort(server.port()));
    cleanup.add(clash);

    assertThatThrownBy(clash::start)
        .isInstanceOfSatisfying(
            OtlabException.class, e -> assertThat(e.code()).isEqualTo("MODBUS_BIND_FAILED"));
    clash.stop();
    assertThat(clash.isRunning()).isFalse();
  }

  @Test
  void connectingToAStoppedServerIsAnIoError() {
    int port = server.port();
    server.stop();

    assertThatThrownBy(() -> ModbusClient.connect("127.0.0.1", port, 1, Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            ModbusClientException.class,
            e -> {
              assertThat(e.isExceptionResponse()).isFalse();
              assertThat(e.code()).isEqualTo("MODBUS_IO");
            });
  }
}
