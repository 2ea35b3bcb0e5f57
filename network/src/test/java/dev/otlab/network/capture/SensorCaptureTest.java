package dev.otlab.network.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.network.AddressPlan;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.relay.RelayCapture;
import dev.otlab.network.relay.RelayRoute;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The capture's frames, parsed back from the pcap bytes: checksums, sequence and acknowledgement
 * numbers, segmentation, refusals, merging by time, labels and the memory limit.
 */
class SensorCaptureTest {

  private static final ArchitectureSpec ARCH =
      new ArchitectureSpec(
          "test",
          "test",
          "test",
          "plant",
          List.of(
              new ZoneSpec("enterprise", 4, 1, ""),
              new ZoneSpec("operations", 3, 2, ""),
              new ZoneSpec("control", 1, 3, "")),
          List.of(
              host("ws-1", "enterprise"),
              host("hmi-1", "operations"),
              host("eng-ws", "operations", "control"),
              host("plc-1", "control"),
              host("plc-2", "control")),
          List.of(
              conduit("ent-ops", "enterprise", "operations"),
              conduit("ops-control", "operations", "control")),
          new SensorSpec(Set.of("ops-control"), Set.of("control")),
          Map.of());

  private double now;
  private String actor = "benign";
  private final TrafficCapture capture = new TrafficCapture(() -> now, 1 << 20);

  {
    capture.labeller(relay -> actor);
  }

  @Test
  void aConversationParsesBackWithValidChecksumsConsistentNumbersAndSegmentsOfOneMss() {
    RelayRoute r = route("hmi-1", "plc-1", Protocol.MODBUS, "ops-control");
    byte[] request = bytes(12, 1);
    byte[] answer = bytes(11, 2);
    byte[] big = bytes(4000, 3);
    byte[] bigAnswer = bytes(3000, 4);
    now = 1.0;
    capture.opened(r, "c#1");
    capture.fromClient("c#1", request, 0, request.length);
    capture.toClient("c#1", answer, 0, answer.length);
    now = 2.0;
    capture.fromClient("c#1", big, 0, big.length);
    now = 2.5;
    capture.toClient("c#1", bigAnswer, 0, bigAnswer.length);
    now = 3.25;
    capture.closed("c#1", RelayCapture.Closer.CLIENT);

    List<Parsed> frames = parse(pcapOf("ops-control"));

    // Handshake with the MSS option, addresses and ports of the plan, MACs from the addresses.
    Parsed syn = frames.get(0);
    assertThat(syn.flags).isEqualTo(TcpFrames.SYN);
    assertThat(syn.mss).isEqualTo(1460);
    assertThat(syn.src).isEqualTo("10.231.2.10");
    // plc-1 is the second host placed in control, after the dual-homed eng-ws.
    assertThat(syn.dst).isEqualTo("10.231.3.11");
    assertThat(syn.srcPort).isEqualTo(49152);
    assertThat(syn.dstPort).isEqualTo(502);
    assertThat(syn.srcMac).isEqualTo("02:00:0a:e7:02:0a");
    assertThat(syn.seconds).isEqualTo(PcapWriter.EPOCH_SECONDS + 1);
    assertThat(frames.get(1).flags).isEqualTo(TcpFrames.SYN | TcpFrames.ACK);
    assertThat(frames.get(2).flags).isEqualTo(TcpFrames.ACK);

    // Every frame: sequence numbers follow what each side sent, acknowledgements what it got.
    Map<Boolean, Long> next = new HashMap<>();
    ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    for (Parsed p : frames) {
      boolean c = p.src.equals("10.231.2.10");
      assertThat(p.ipChecksumOk).as("IP checksum of %s", p).isTrue();
      assertThat(p.tcpChecksumOk).as("TCP checksum of %s", p).isTrue();
      assertThat(p.payload.length).isLessThanOrEqualTo(TcpFrames.MSS);
      if (next.containsKey(c)) {
        assertThat(p.seq).as("seq of %s", p).isEqualTo(next.get(c));
      }
      if ((p.flags & TcpFrames.ACK) != 0) {
        assertThat(p.ack).as("ack of %s", p).isEqualTo(next.get(!c));
      }
      long advance = p.payload.length + ((p.flags & (TcpFrames.SYN | TcpFrames.FIN)) != 0 ? 1 : 0);
      next.put(c, (p.seq + advance) & 0xFFFFFFFFL);
      (c ? toServer : toClient).writeBytes(p.payload);
    }
    assertThat(toServer.toByteArray()).isEqualTo(concat(request, big));
    assertThat(toClient.toByteArray()).isEqualTo(concat(answer, bigAnswer));

    // 4000 bytes: 1460, 1460 (the server acknowledges the pair), 1080 pushed.
    List<Parsed> at2 =
        frames.stream()
            .filter(p -> p.seconds == PcapWriter.EPOCH_SECONDS + 2 && p.micros == 0)
            .toList();
    assertThat(at2).extracting(p -> p.payload.length).containsExactly(1460, 1460, 0, 1080, 0);
    assertThat(at2.get(2).src).isEqualTo("10.231.3.11");
    assertThat(at2.get(3).flags).isEqualTo(TcpFrames.ACK | TcpFrames.PSH);
    assertThat(at2.get(0).flags).isEqualTo(TcpFrames.ACK);
    // The request's answer at the same instant carries the acknowledgement: no pure ACK between.
    assertThat(frames.get(3).payload).hasSize(12);
    assertThat(frames.get(4).payload).hasSize(11);
    assertThat(frames.get(4).ack).isEqualTo((frames.get(3).seq + 12) & 0xFFFFFFFFL);

    // The client closes: FIN, FIN, ACK at 3.25 s.
    List<Parsed> last = frames.subList(frames.size() - 3, frames.size());
    assertThat(last)
        .extracting(p -> p.flags)
        .containsExactly(
            TcpFrames.FIN | TcpFrames.ACK, TcpFrames.FIN | TcpFrames.ACK, TcpFrames.ACK);
    assertThat(last.get(0).src).isEqualTo("10.231.2.10");
    assertThat(last.get(0).micros).isEqualTo(250_000);
  }

  @Test
  void refusalsAreASynResetOrUnansweredAndClientPortsCountUp() {
    RelayRoute r = route("hmi-1", "plc-2", Protocol.OPCUA, "ops-control");
    capture.refused(r, "c#1", RelayCapture.Refusal.RESET);
    capture.refused(r, "c#2", RelayCapture.Refusal.DROPPED);
    capture.refused(r, r.id() + "#refused", RelayCapture.Refusal.RESET);
    capture.refused(r, r.id() + "#refused", RelayCapture.Refusal.RESET);

    SensorCapture sc = SensorCapture.of("ops-control", capture.connections(), AddressPlan.of(ARCH));
    List<Parsed> frames = parse(write(sc));

    assertThat(frames)
        .extracting(p -> p.flags)
        .containsExactly(
            TcpFrames.SYN,
            TcpFrames.RST | TcpFrames.ACK,
            TcpFrames.SYN,
            TcpFrames.SYN,
            TcpFrames.RST | TcpFrames.ACK,
            TcpFrames.SYN,
            TcpFrames.RST | TcpFrames.ACK);
    assertThat(frames.get(1).ack).isEqualTo((frames.get(0).seq + 1) & 0xFFFFFFFFL);
    assertThat(frames)
        .extracting(p -> p.dstPort == 4840 ? p.srcPort : p.dstPort)
        .containsExactly(49152, 49152, 49153, 49154, 49154, 49155, 49155);
    assertThat(sc.flows())
        .extracting(SensorCapture.Flow::state)
        .containsExactly("refused", "dropped", "refused", "refused");
    // Connections refused at a cap share an id; the capture tells them apart.
    assertThat(sc.flows()).extracting(f -> f.connection().connection()).doesNotHaveDuplicates();
  }

  @Test
  void aSensorGetsItsOwnConnectionsMergedByLabTimeWithTheirLabels() {
    RelayRoute tapped = route("eng-ws", "plc-1", Protocol.MODBUS, "ops-control");
    RelayRoute other = route("ws-1", "hmi-1", Protocol.RDP, "ent-ops");
    RelayRoute span =
        new RelayRoute(
            "plc-1>plc-2@span:control",
            new Flow(
                HostRef.of("plc-1", "control"),
                HostRef.of("plc-2", "control"),
                Protocol.MODBUS,
                502),
            List.of(NetworkFabric.spanConduit("control")),
            "127.0.0.1",
            1);
    now = 1;
    capture.opened(tapped, "a#1");
    capture.opened(other, "b#1");
    capture.opened(span, "s#1");
    now = 2;
    actor = "attack:step-1";
    capture.opened(tapped, "a#2");
    capture.fromClient("a#2", bytes(5, 0), 0, 5);
    now = 3;
    actor = "benign";
    capture.fromClient("a#1", bytes(7, 0), 0, 7);
    capture.closed("a#2", RelayCapture.Closer.CLIENT_RESET);

    SensorCapture sc = SensorCapture.of("ops-control", capture.connections(), AddressPlan.of(ARCH));
    assertThat(SensorCapture.sensors(capture.connections()))
        .containsExactly("ent-ops", "ops-control", "span:control");
    assertThat(sc.flows())
        .extracting(f -> f.connection().connection())
        .containsExactly("a#1", "a#2");
    // eng-ws sits in operations and control: towards plc-1 it speaks from its control address.
    assertThat(sc.flows().get(0).clientIp()).isEqualTo("10.231.3.10");
    assertThat(sc.flows().get(0).serverIp()).isEqualTo("10.231.3.11");
    assertThat(sc.packets()).extracting(SensorCapture.Packet::time).isSorted();
    assertThat(sc.packets())
        .extracting(SensorCapture.Packet::number)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    assertThat(sc.packets())
        .filteredOn(p -> p.flow() == 2)
        .extracting(SensorCapture.Packet::label)
        .containsOnly("attack:step-1");
    assertThat(sc.packets())
        .filteredOn(p -> p.flow() == 1)
        .extracting(SensorCapture.Packet::label)
        .containsOnly("benign");
    assertThat(sc.flows().get(1).state()).isEqualTo("reset");
    assertThat(sc.packets().get(sc.packets().size() - 1).frame()[14 + 20 + 13])
        .isEqualTo((byte) (TcpFrames.RST | TcpFrames.ACK));
    assertThat(SensorCapture.fileName("span:control")).isEqualTo("span-control");
    assertThat(parse(write(sc))).allMatch(p -> p.ipChecksumOk && p.tcpChecksumOk);
  }

  @Test
  void theLimitStopsTheWholeCaptureAndSaysWhen() {
    int overhead = TrafficCapture.RECORD_OVERHEAD;
    TrafficCapture small = new TrafficCapture(() -> now, 2L * overhead + 100);
    RelayRoute r = route("hmi-1", "plc-1", Protocol.MODBUS, "ops-control");
    now = 5;
    small.opened(r, "c#1");
    small.fromClient("c#1", bytes(100, 0), 0, 100);
    assertThat(small.truncatedAt()).isEmpty();
    now = 6;
    small.toClient("c#1", bytes(1, 0), 0, 1);
    now = 7;
    small.opened(r, "c#2");
    small.closed("c#1", RelayCapture.Closer.CLIENT);

    assertThat(small.truncatedAt()).hasValue(6.0);
    assertThat(small.heldBytes()).isEqualTo(2L * overhead + 100);
    assertThat(small.connections()).hasSize(1);
    assertThat(small.connections().get(0).data()).hasSize(1);
    assertThat(small.connections().get(0).close()).isNull();
  }

  @Test
  void theAddressPlanSharesTheContainerLabsSubnets() {
    AddressPlan plan = AddressPlan.of(ARCH);
    assertThat(plan.subnets())
        .containsExactly(
            Map.entry("enterprise", "10.231.1.0/24"),
            Map.entry("operations", "10.231.2.0/24"),
            Map.entry("control", "10.231.3.0/24"));
    assertThat(plan.ends("ws-1", "plc-1"))
        .hasValue(new AddressPlan.Ends("10.231.1.10", "10.231.3.11"));
    assertThat(plan.ends("hmi-1", "eng-ws"))
        .hasValue(new AddressPlan.Ends("10.231.2.10", "10.231.2.11"));
    assertThat(plan.addresses().get("eng-ws"))
        .containsExactly(
            Map.entry("operations", "10.231.2.11"), Map.entry("control", "10.231.3.10"));
    // A zone of 246 hosts does not fit a /24 numbered from .10: refused, saying what to do.
    List<HostSpec> crowd = new ArrayList<>();
    for (int i = 0; i < 246; i++) {
      crowd.add(host("h" + i, "control"));
    }
    ArchitectureSpec big =
        new ArchitectureSpec(
            "big", "", "", "plant", ARCH.zones(), crowd, List.of(), SensorSpec.NONE, Map.of());
    assertThatThrownBy(() -> AddressPlan.of(big).addresses())
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("246 hosts in zone control")
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("ADDRESS_PLAN_FULL");
  }

  private byte[] pcapOf(String sensor) {
    return write(SensorCapture.of(sensor, capture.connections(), AddressPlan.of(ARCH)));
  }

  private static byte[] write(SensorCapture sc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      sc.writePcap(out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One frame read back from a pcap file. */
  private record Parsed(
      long seconds,
      long micros,
      String srcMac,
      String src,
      String dst,
      int srcPort,
      int dstPort,
      long seq,
      long ack,
      int flags,
      int mss,
      byte[] payload,
      boolean ipChecksumOk,
      boolean tcpChecksumOk) {
    @Override
    public String toString() {
      return src + ":" + srcPort + ">" + dst + ":" + dstPort + " flags " + flags + " seq " + seq;
    }
  }

  /** A reader written from the libpcap, IPv4 and TCP formats, independent of the writer. */
  private static List<Parsed> parse(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt()).isEqualTo(0xa1b2c3d4);
    assertThat(b.getShort()).isEqualTo((short) 2);
    assertThat(b.getShort()).isEqualTo((short) 4);
    b.getInt();
    b.getInt();
    assertThat(b.getInt()).isEqualTo(65535);
    assertThat(b.getInt()).isEqualTo(1);
    List<Parsed> out = new ArrayList<>();
    while (b.hasRemaining()) {
      long sec = b.getInt() & 0xFFFFFFFFL;
      long usec = b.getInt() & 0xFFFFFFFFL;
      int caplen = b.getInt();
      assertThat(b.getInt()).isEqualTo(caplen);
      byte[] f = new byte[caplen];
      b.get(f);
      ByteBuffer e = ByteBuffer.wrap(f);
      assertThat(e.getShort(12)).isEqualTo((short) 0x0800);
      int ihl = (f[14] & 0x0F) * 4;
      int total = e.getShort(16) & 0xFFFF;
      assertThat(14 + total).isEqualTo(caplen);
      int tcp = 14 + ihl;
      int dataOff = ((f[tcp + 12] & 0xFF) >> 4) * 4;
      int mss = -1;
      if (dataOff > 20 && f[tcp + 20] == 2) {
        mss = e.getShort(tcp + 22) & 0xFFFF;
      }
      byte[] src = Arrays.copyOfRange(f, 26, 30);
      byte[] dst = Arrays.copyOfRange(f, 30, 34);
      int tcpLen = total - ihl;
      long pseudo = sum(src) + sum(dst) + 6 + tcpLen;
      out.add(
          new Parsed(
              sec,
              usec,
              String.format("%02x:%02x:%02x:%02x:%02x:%02x", f[6], f[7], f[8], f[9], f[10], f[11]),
              dotted(src),
              dotted(dst),
              e.getShort(tcp) & 0xFFFF,
              e.getShort(tcp + 2) & 0xFFFF,
              e.getInt(tcp + 4) & 0xFFFFFFFFL,
              e.getInt(tcp + 8) & 0xFFFFFFFFL,
              f[tcp + 13] & 0xFF,
              mss,
              Arrays.copyOfRange(f, tcp + dataOff, 14 + total),
              fold(sum(Arrays.copyOfRange(f, 14, 14 + ihl))) == 0xFFFF,
              fold(pseudo + sum(Arrays.copyOfRange(f, tcp, 14 + total))) == 0xFFFF));
    }
    return out;
  }

  private static long sum(byte[] b) {
    long s = 0;
    for (int i = 0; i < b.length; i += 2) {
      s += ((b[i] & 0xFF) << 8) | (i + 1 < b.length ? b[i + 1] & 0xFF : 0);
    }
    return s;
  }

  private static long fold(long s) {
    while (s >> 16 != 0) {
      s = (s & 0xFFFF) + (s >> 16);
    }
    return s;
  }

  private static String dotted(byte[] a) {
    return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static HostSpec host(String id, String... zones) {
    return new HostSpec(id, List.of(zones), HostRole.HMI, null, Posture.DEFAULT, "");
  }

  private static ConduitSpec conduit(String id, String a, String b) {
    return new ConduitSpec(id, a, b, List.of(), "");
  }

  private static RelayRoute route(String from, String to, Protocol p, String conduit) {
    ConduitSpec c = ARCH.conduit(conduit).orElseThrow();
    return new RelayRoute(
        from + ">" + to + ":" + p + "@" + conduit,
        new Flow(
            HostRef.of(ARCH.host(from).orElseThrow()),
            HostRef.of(ARCH.host(to).orElseThrow()),
            p,
            p.port()),
        List.of(c),
        "127.0.0.1",
        1);
  }
}
