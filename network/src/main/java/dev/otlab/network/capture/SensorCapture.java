package dev.otlab.network.capture;

import dev.otlab.network.AddressPlan;
import dev.otlab.network.relay.RelayCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One sensor's view of a capture as frames: each connection it saw becomes a TCP conversation
 * between its hosts' addresses on the {@link AddressPlan}, the server on the service's port, the
 * client on an ephemeral port counted up per client, server and service from 49152 in the order the
 * connections opened; the initial sequence numbers derive from the connection id. Frames of all
 * connections are merged by lab time, ties kept in the order they happened.
 *
 * <p>Ethernet addresses are locally administered, {@code 02:00} followed by the IPv4 address, so
 * each host's is fixed and reads back to its address. A refused connection is the client's SYN
 * answered by a reset (a REJECT rule, a connection cap) or by nothing (a DENY rule drops it, or the
 * next hop is gone). A connection the conduit cut ends with the server side's FIN, as the relay
 * closes towards the client.
 */
public final class SensorCapture {

  /** The first ephemeral port (IANA's dynamic range). */
  public static final int FIRST_CLIENT_PORT = 49_152;

  /**
   * A frame with what it belongs to.
   *
   * @param number its frame number in the file, from 1 (Wireshark's {@code frame.number})
   * @param time lab seconds
   * @param frame the Ethernet frame
   * @param flow the index of its {@link Flow} in {@link #flows()}, from 1
   * @param fromClient client to server
   * @param payload TCP payload bytes
   * @param label who caused it, as the capture's labeller said (the opener's for handshake and
   *     close, the sender's for data, the acknowledged data's for an acknowledgement)
   */
  public record Packet(
      int number,
      double time,
      byte[] frame,
      int flow,
      boolean fromClient,
      int payload,
      String label) {}

  /**
   * A connection as a flow of the file.
   *
   * @param index from 1, in the order the connections opened
   * @param connection the recorded connection
   * @param clientIp client address
   * @param clientPort client port
   * @param serverIp server address
   * @param serverPort server port: the service's
   * @param frames frames of the flow
   * @param bytesToServer payload bytes client to server
   * @param bytesToClient payload bytes server to client
   * @param state {@code closed}, {@code reset} (the client reset it), {@code open} (at the end of
   *     the capture), {@code refused} (reset at SYN) or {@code dropped} (SYN unanswered)
   */
  public record Flow(
      int index,
      CapturedConnection connection,
      String clientIp,
      int clientPort,
      String serverIp,
      int serverPort,
      int frames,
      long bytesToServer,
      long bytesToClient,
      String state) {}

  private record Pending(
      double time, long order, int sub, TcpFrames.Frame frame, int flow, String label) {}

  private final String sensor;
  private final List<Packet> packets;
  private final List<Flow> flows;

  private SensorCapture(String sensor, List<Packet> packets, List<Flow> flows) {
    this.sensor = sensor;
    this.packets = List.copyOf(packets);
    this.flows = List.copyOf(flows);
  }

  /** The sensors that saw at least one connection, in name order. */
  public static List<String> sensors(List<CapturedConnection> connections) {
    TreeSet<String> out = new TreeSet<>();
    connections.forEach(c -> out.add(c.sensor()));
    return List.copyOf(out);
  }

  /** A file name for a sensor's files: {@code span:control} becomes {@code span-control}. */
  public static String fileName(String sensor) {
    return sensor.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** The frames of what {@code sensor} saw among {@code connections}. */
  public static SensorCapture of(
      String sensor, List<CapturedConnection> connections, AddressPlan plan) {
    List<CapturedConnection> seen =
        connections.stream()
            .filter(c -> c.sensor().equals(sensor))
            .sorted(Comparator.comparingLong(CapturedConnection::openOrder))
            .toList();
    Map<String, Integer> ports = new HashMap<>();
    List<Pending> pending = new ArrayList<>();
    List<Flow> flows = new ArrayList<>();
    for (CapturedConnection c : seen) {
      int index = flows.size() + 1;
      String client = c.flow().source().id();
      String server = c.flow().destination().id();
      AddressPlan.Ends ends =
          plan.ends(client, server)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "a relay carried " + client + " to " + server + " without a route"));
      int k = ports.merge(client + ">" + server + ":" + c.flow().port(), 1, Integer::sum) - 1;
      int clientPort = FIRST_CLIENT_PORT + k % (65_536 - FIRST_CLIENT_PORT);
      TcpFrames tcp =
          new TcpFrames(
              end(ends.client(), clientPort),
              end(ends.server(), c.flow().port()),
              isn(c.connection() + "/client"),
              isn(c.connection() + "/server"));
      List<Pending> own = new ArrayList<>();
      add(own, c.openTime(), c.openOrder(), 0, tcp.syn(), index, c.openLabel());
      String state;
      if (c.refusal() == RelayCapture.Refusal.RESET) {
        add(own, c.openTime(), c.openOrder(), 1, tcp.refuse(), index, c.openLabel());
        state = "refused";
      } else if (c.refusal() == RelayCapture.Refusal.DROPPED) {
        state = "dropped";
      } else {
        add(own, c.openTime(), c.openOrder(), 1, tcp.accept(), index, c.openLabel());
        List<CapturedConnection.Data> data = c.data();
        for (int i = 0; i < data.size(); i++) {
          CapturedConnection.Data d = data.get(i);
          CapturedConnection.Data next = i + 1 < data.size() ? data.get(i + 1) : null;
          // The answer at the same instant carries the acknowledgement, as a delayed ACK would.
          boolean piggyback =
              next != null && next.fromClient() != d.fromClient() && next.time() == d.time();
          add(
              own,
              d.time(),
              d.order(),
              0,
              tcp.data(d.fromClient(), d.bytes(), !piggyback),
              index,
              d.label());
        }
        CapturedConnection.Close close = c.close();
        if (close == null) {
          state = "open";
        } else if (close.closer() == RelayCapture.Closer.CLIENT_RESET) {
          add(own, close.time(), close.order(), 0, tcp.reset(), index, c.openLabel());
          state = "reset";
        } else {
          add(
              own,
              close.time(),
              close.order(),
              0,
              tcp.close(close.closer() == RelayCapture.Closer.CLIENT),
              index,
              c.openLabel());
          state = "closed";
        }
      }
      long toServer = 0;
      long toClient = 0;
      for (Pending p : own) {
        if (p.frame().fromClient()) {
          toServer += p.frame().payload();
        } else {
          toClient += p.frame().payload();
        }
      }
      pending.addAll(own);
      flows.add(
          new Flow(
              index,
              c,
              ends.client(),
              clientPort,
              ends.server(),
              c.flow().port(),
              own.size(),
              toServer,
              toClient,
              state));
    }
    pending.sort(
        Comparator.comparingDouble(Pending::time)
            .thenComparingLong(Pending::order)
            .thenComparingInt(Pending::sub));
    List<Packet> packets = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      packets.add(
          new Packet(
              packets.size() + 1,
              p.time(),
              p.frame().bytes(),
              p.flow(),
              p.frame().fromClient(),
              p.frame().payload(),
              p.label()));
    }
    return new SensorCapture(sensor, packets, flows);
  }

  /** Adds frames of one record; {@code sub} orders frames of records that share an order. */
  private static void add(
      List<Pending> out,
      double time,
      long order,
      int sub,
      List<TcpFrames.Frame> frames,
      int flow,
      String label) {
    int n = sub;
    for (TcpFrames.Frame f : frames) {
      out.add(new Pending(time, order, n++, f, flow, label));
    }
  }

  public String sensor() {
    return sensor;
  }

  /** Frames in file order. */
  public List<Packet> packets() {
    return packets;
  }

  /** Flows in the order they opened. */
  public List<Flow> flows() {
    return flows;
  }

  /** Writes the frames as a pcap file. */
  public void writePcap(OutputStream out) throws IOException {
    PcapWriter w = new PcapWriter(out);
    for (Packet p : packets) {
      w.frame(p.time(), p.frame());
    }
    out.flush();
  }

  /** {@code 02:00} and the four octets of the IPv4 address. */
  static byte[] mac(byte[] ip) {
    return new byte[] {0x02, 0x00, ip[0], ip[1], ip[2], ip[3]};
  }

  private static TcpFrames.End end(String ip, int port) {
    byte[] a = ipv4(ip);
    return new TcpFrames.End(mac(a), a, port);
  }

  static byte[] ipv4(String dotted) {
    String[] parts = dotted.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** A fixed, well-spread initial sequence number for a name (FNV-1a, then a 64-bit mix). */
  static int isn(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }
}
