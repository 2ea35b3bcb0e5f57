package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.otlab.detection.DetectionEngine;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A gateway's tap feed and the sensor that follows it, over loopback. */
class TapFeedIT {

  private static final ArchitectureSpec ARCH =
      ArchitectureLoader.load("water-treatment-purdue-dmz-dpi");

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private TapFeed feed;
  private SensorNode sensor;

  private static ProtocolEvent event(String operation, Result result, int code) {
    return new ProtocolEvent(
        0,
        "hmi-1>plc-intake:MODBUS@ops-control",
        "c#1",
        "hmi-1",
        "plc-intake",
        Protocol.MODBUS,
        operation,
        code,
        1,
        0,
        2,
        -1,
        0,
        List.of(),
        List.of(1.0, 2.0),
        result,
        0,
        false,
        "ops-control",
        "hmi-intake");
  }

  private SensorNode sensor(int port) {
    SensorNode s =
        new SensorNode(
            List.of("127.0.0.1"),
            port,
            new DetectionEngine(
                DetectionLoader.load("signatures"),
                PlantLoader.load("water-treatment"),
                ARCH,
                null),
            new LabClock(1, Speed.REAL_TIME),
            lines::add);
    s.start();
    return s;
  }

  @AfterEach
  void stop() {
    if (sensor != null) {
      sensor.stop();
    }
    if (feed != null) {
      feed.stop();
    }
  }

  @Test
  void anEventSurvivesTheWire() {
    ProtocolEvent e = event("READ_HOLDING_REGISTERS", Result.OK, 3);
    assertThat(TapFeed.decode(TapFeed.encode(e))).isEqualTo(e);
  }

  @Test
  void theSensorFollowsAFeedAndTellsALostDevice() {
    feed = new TapFeed("127.0.0.1", 0);
    feed.start();
    sensor = sensor(feed.port());
    await().atMost(Duration.ofSeconds(10)).until(() -> feed.subscribers() == 1);

    feed.onEvent(event("READ_HOLDING_REGISTERS", Result.OK, 3));
    feed.onEvent(event("CONNECT", Result.NO_RESPONSE, -1));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(sensor.alerts())
                    .anySatisfy(
                        a -> {
                          assertThat(a.rule()).isEqualTo("device-lost");
                          assertThat(a.destinationHost()).isEqualTo("plc-intake");
                        }));
    assertThat(lines).anyMatch(l -> l.startsWith("ALERT {") && l.contains("device-lost"));
    assertThat(feed.dropped()).isZero();
  }

  @Test
  void aLineThatIsNotAnEventIsReportedAndTheFeedGoesOn() throws Exception {
    try (ServerSocket junk = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      sensor = sensor(junk.getLocalPort());
      try (Socket s = junk.accept();
          OutputStream out = s.getOutputStream()) {
        String text =
            "{\"not\":\"an event\"}\n"
                + TapFeed.encode(event("READ_HOLDING_REGISTERS", Result.OK, 3))
                + "\n"
                + TapFeed.encode(event("CONNECT", Result.NO_RESPONSE, -1))
                + "\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> sensor.alerts().stream().anyMatch(a -> a.rule().equals("device-lost")));
      }
    }
    assertThat(lines).anyMatch(l -> l.startsWith("SENSOR skipped a line from 127.0.0.1"));
  }

  /**
   * The runner's command on a feed connection is applied and answered on that connection, behind
   * what was queued before it; a subscriber the control does not accept gets a refusal.
   */
  @Test
  void aCommandIsAnsweredOnItsConnectionAndOnlyTheRunnerMayCommand() throws Exception {
    List<GatewayControl.Command> applied = new CopyOnWriteArrayList<>();
    boolean[] runner = {true};
    feed =
        new TapFeed(
            "127.0.0.1",
            0,
            new TapFeed.Control() {
              @Override
              public boolean accepts(InetAddress address) {
                return runner[0] && address.isLoopbackAddress();
              }

              @Override
              public GatewayControl.Ack apply(GatewayControl.Command command) {
                applied.add(command);
                return new GatewayControl.Applied(command.id(), List.of("r"), List.of("r#1"));
              }
            });
    feed.start();
    GatewayControl.Command kill =
        new GatewayControl.Kill(7, "ws-1", "jump-1", "response:kill-connections@t=9", "killed");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), feed.port())) {
      s.setSoTimeout(10_000);
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      out.write(
          (GatewayControl.encode(kill)
                  + "\nCONTROL {oops\n"
                  + "CONTROL {\"id\":8,\"op\":\"reload\",\"conduit\":{\"id\":\"x\",\"extra\":1}}\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(TapFeed.read(in.readLine()))
          .isEqualTo(
              new TapFeed.Line.Ack(new GatewayControl.Applied(7, List.of("r"), List.of("r#1"))));
      assertThat(TapFeed.read(in.readLine()))
          .isInstanceOfSatisfying(
              TapFeed.Line.Ack.class,
              a -> {
                assertThat(a.ack().id()).isEqualTo(-1);
                assertThat(((GatewayControl.Failed) a.ack()).message()).contains("malformed");
              });
      // A malformed command that has an id is refused to that id, so the runner stops waiting.
      assertThat(TapFeed.read(in.readLine()))
          .isInstanceOfSatisfying(
              TapFeed.Line.Ack.class,
              a -> {
                assertThat(a.ack().id()).isEqualTo(8);
                assertThat(((GatewayControl.Failed) a.ack()).message())
                    .contains("malformed")
                    .contains("command 8: not a conduit");
              });
      runner[0] = false;
      out.write((GatewayControl.encode(kill) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(TapFeed.read(in.readLine()))
          .isInstanceOfSatisfying(
              TapFeed.Line.Ack.class,
              a ->
                  assertThat(((GatewayControl.Failed) a.ack()).message())
                      .contains("from the runner only"));
    }
    assertThat(applied).containsExactly(kill);
  }
}
