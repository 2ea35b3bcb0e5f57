package dev.otlab.network.capture;

import dev.otlab.network.AddressPlan;
import dev.otlab.network.relay.RelayCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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

  /** What a connection becomes in the file, before any frame is made. */
  private record Setup(
      CapturedConnection connection, int flow, TcpFrames.End client, TcpFrames.End server) {}

  private final String sensor;
  private final List<Setup> setups;
  private final List<Flow> flows;

  private SensorCapture(String sensor, List<Setup> setups, List<Flow> flows) {
    this.sensor = sensor;
    this.setups = List.copyOf(setups);
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

  /**
   * What {@code sensor} saw among {@code connections}, ready to be written. Frames are made as they
   * are written, never held all at once: a capture costs its bytes once, not twice.
   */
  public static SensorCapture of(
      String sensor, List<CapturedConnection> connections, AddressPlan plan) {
    List<CapturedConnection> seen =
        connections.stream()
            .filter(c -> c.sensor().equals(sensor))
            .sorted(Comparator.comparingLong(CapturedConnection::openOrder))
            .toList();
    Map<String, Integer> ports = new HashMap<>();
    List<Setup> setups = new ArrayList<>();
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
      Setup setup =
          new Setup(c, index, end(ends.client(), clientPort), end(ends.server(), c.flow().port()));
      setups.add(setup);
      // A first pass over the connection's frames counts them; the write makes them again.
      int frames = 0;
      long toServer = 0;
      long toClient = 0;
      for (Conversation conv = new Conversation(setup); conv.peek() != null; ) {
        Pending p = conv.next();
        frames++;
        if (p.frame().fromClient()) {
          toServer += p.frame().payload();
        } else {
          toClient += p.frame().payload();
        }
      }
      flows.add(
          new Flow(
              index,
              c,
              ends.client(),
              clientPort,
              ends.server(),
              c.flow().port(),
              frames,
              toServer,
              toClient,
              state(c)));
    }
    return new SensorCapture(sensor, setups, flows);
  }

  private static String state(CapturedConnection c) {
    if (c.refusal() == RelayCapture.Refusal.RESET) {
      return "refused";
    }
    if (c.refusal() == RelayCapture.Refusal.DROPPED) {
      return "dropped";
    }
    CapturedConnection.Close close = c.close();
    if (close == null) {
      return "open";
    }
    return close.closer() == RelayCapture.Closer.CLIENT_RESET ? "reset" : "closed";
  }

  /**
   * One connection's frames, made event by event as they are asked for: the handshake (or the
   * refusal), each recorded piece of data, the close.
   */
  private static final class Conversation {
    private final Setup setup;
    private final CapturedConnection c;
    private final TcpFrames tcp;
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    // -1: the opening; 0..n-1: the data records; n: the close; past it: done.
    private int step = -1;

    Conversation(Setup setup) {
      this.setup = setup;
      this.c = setup.connection();
      this.tcp =
          new TcpFrames(
              setup.client(),
              setup.server(),
              isn(c.connection() + "/client"),
              isn(c.connection() + "/server"));
    }

    @Nullable Pending peek() {
      fill();
      return buffer.peek();
    }

    Pending next() {
      fill();
      return buffer.remove();
    }

    private void fill() {
      List<CapturedConnection.Data> data = c.data();
      while (buffer.isEmpty() && step <= data.size()) {
        if (step == -1) {
          add(c.openTime(), c.openOrder(), 0, tcp.syn(), c.openLabel());
          if (c.refusal() == RelayCapture.Refusal.RESET) {
            add(c.openTime(), c.openOrder(), 1, tcp.refuse(), c.openLabel());
            step = data.size() + 1;
            continue;
          }
          if (c.refusal() == RelayCapture.Refusal.DROPPED) {
            step = data.size() + 1;
            continue;
          }
          add(c.openTime(), c.openOrder(), 1, tcp.accept(), c.openLabel());
        } else if (step < data.size()) {
          CapturedConnection.Data d = data.get(step);
          CapturedConnection.Data next = step + 1 < data.size() ? data.get(step + 1) : null;
          // The answer at the same instant carries the acknowledgement, as a delayed ACK would.
          boolean piggyback =
              next != null && next.fromClient() != d.fromClient() && next.time() == d.time();
          add(d.time(), d.order(), 0, tcp.data(d.fromClient(), d.bytes(), !piggyback), d.label());
        } else {
          CapturedConnection.Close close = c.close();
          if (close != null) {
            add(
                close.time(),
                close.order(),
                0,
                close.closer() == RelayCapture.Closer.CLIENT_RESET
                    ? tcp.reset()
                    : tcp.close(close.closer() == RelayCapture.Closer.CLIENT),
                c.openLabel());
          }
        }
        step++;
      }
    }

    /** Adds one record's frames; {@code sub} orders frames of records that share an order. */
    private void add(double time, long order, int sub, List<TcpFrames.Frame> frames, String label) {
      int n = sub;
      for (TcpFrames.Frame f : frames) {
        buffer.add(new Pending(time, order, n++, f, setup.flow(), label));
      }
    }
  }

  private static final Comparator<Pending> FILE_ORDER =
      Comparator.comparingDouble(Pending::time)
          .thenComparingLong(Pending::order)
          .thenComparingInt(Pending::sub);

  /**
   * Makes the frames in file order (lab time; equal times in the order they happened) and hands
   * each to {@code each}, holding only the next frame of every connection.
   */
  public void frames(Consumer<Packet> each) {
    PriorityQueue<Conversation> heads =
        new PriorityQueue<>((a, b) -> FILE_ORDER.compare(a.peek(), b.peek()));
    for (Setup s : setups) {
      Conversation conv = new Conversation(s);
      if (conv.peek() != null) {
        heads.add(conv);
      }
    }
    int number = 0;
    while (!heads.isEmpty()) {
      Conversation conv = heads.poll();
      Pending p = conv.next();
      number++;
      each.accept(
          new Packet(
              number,
              p.time(),
              p.frame().bytes(),
              p.flow(),
              p.frame().fromClient(),
              p.frame().payload(),
              p.label()));
      if (conv.peek() != null) {
        heads.add(conv);
      }
    }
  }

  public String sensor() {
    return sensor;
  }

  /** Every frame in file order, held at once: for tests and small captures; see {@link #frames}. */
  public List<Packet> packets() {
    List<Packet> out = new ArrayList<>();
    frames(out::add);
    return out;
  }

  /** Flows in the order they opened. */
  public List<Flow> flows() {
    return flows;
  }

  /** Writes the frames as a pcap file. */
  public void writePcap(OutputStream out) throws IOException {
    writePcap(out, p -> {});
  }

  /** Writes the frames as a pcap file, handing each to {@code each} as it is written. */
  public void writePcap(OutputStream out, Consumer<Packet> each) throws IOException {
    PcapWriter w = new PcapWriter(out);
    try {
      frames(
          p -> {
            try {
              w.frame(p.time(), p.frame());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            each.accept(p);
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
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
