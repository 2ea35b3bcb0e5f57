package dev.otlab.network.relay;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every class of operations a client can send on one protocol, one representative each, so that
 * deciding the representatives with {@link Policy} decides every operation there is: two operations
 * of one class get the same decision under every rule of the architecture the space was built for.
 *
 * <p>Modbus: each function code 1..127. A function whose request carries no address the relay can
 * read (8, 43, 90, ...) is one class. For one with addresses, the addresses 0..65535 are cut at
 * every first address and every last address + 1 of every range of every rule, into segments inside
 * which no range starts or ends; a request from address {@code a} to {@code b} is judged only by
 * the segments of {@code a} and {@code b} ({@code a} at or after a range's first, {@code b} at or
 * before its last), so each pair of segments (i &le; j) is a class: inside one range, across two,
 * outside all. Single-point functions (5, 6, 22, 24) have one class per segment. FC23 reads one
 * range and writes another, so its classes are pairs of those pairs; beyond {@link
 * #MAX_FC23_SEGMENTS} segments only requests within one segment each are enumerated for it.
 *
 * <p>OPC UA: each service category (discovery, session, browse, read, write, call, subscribe,
 * other) on a None and on a Sign channel, and one encrypted message on a SignAndEncrypt channel,
 * whose service a relay cannot read.
 *
 * <p>MQTT: for every topic filter of every rule, a publish to one topic it matches ({@code +} and
 * {@code #} replaced by a level {@code x}) and a subscription with the filter itself; a publish to
 * and a subscription with one topic no filter names ({@value #MQTT_OTHER}); and a subscription with
 * {@code #}. Topics are not a finite alphabet, so these are representatives of the cases a rule
 * distinguishes (matched, covered, neither, the wildcard that covers everything) rather than a
 * partition. Every publish class is a {@link #writes()} class: a published value reaches every
 * subscriber, the gateways that write to PLCs among them.
 *
 * <p>Any other protocol: connecting, the only thing a rule judges.
 */
public final class OperationSpace {

  /** Segments up to which FC23's read and write ranges are enumerated in every combination. */
  public static final int MAX_FC23_SEGMENTS = 12;

  /** The topic no rule names, whose publish and subscription represent everything else. */
  public static final String MQTT_OTHER = "otlab/unnamed";

  /** One request type of each category, by encoding id: what a relay judges of an OPC UA MSG. */
  private static final int[] UA_SERVICES = {
    428, // GetEndpoints: discovery
    461, // CreateSession: session
    527, // Browse
    631, // Read
    673, // Write
    712, // Call
    787, // CreateSubscription
    488 // AddNodes: other
  };

  private final Protocol protocol;
  private final List<Operation> operations;
  private final int[] segmentStarts;
  private final BitSet all;
  private final BitSet plumbing = new BitSet();
  private final BitSet writes = new BitSet();
  private final BitSet unseen = new BitSet();
  private final int hash;
  private final java.util.Map<Operation, Integer> indexOf = new java.util.HashMap<>();

  private OperationSpace(Protocol protocol, List<Operation> operations, int[] segmentStarts) {
    this.protocol = protocol;
    this.operations = List.copyOf(operations);
    this.segmentStarts = segmentStarts;
    this.hash = 31 * protocol.hashCode() + this.operations.hashCode();
    this.all = new BitSet();
    all.set(0, operations.size());
    for (int i = 0; i < operations.size(); i++) {
      Operation op = operations.get(i);
      indexOf.put(op, i);
      if (op instanceof Operation.OpcUa o) {
        UaService s = o.service();
        if (s != null && s.category() == UaService.Category.SESSION) {
          plumbing.set(i);
        }
        OpcUaService group = s == null ? null : s.category().group();
        if (group == OpcUaService.WRITE || group == OpcUaService.CALL) {
          writes.set(i);
        }
        if (s == null) {
          unseen.set(i);
        }
      } else if (op instanceof Operation.Modbus m
          && dev.otlab.network.ModbusFilter.WRITES.contains(m.functionCode())) {
        writes.set(i);
      } else if (op instanceof Operation.Mqtt q && q.direction() == MqttDirection.PUBLISH) {
        writes.set(i);
      }
    }
  }

  /** The space of {@code protocol} for the ranges of every rule of {@code conduits}. */
  public static OperationSpace of(Protocol protocol, Collection<ConduitSpec> conduits) {
    List<RegisterRange> ranges = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    for (ConduitSpec c : conduits) {
      for (RuleSpec r : c.rules()) {
        if (r.modbus() != null) {
          ranges.addAll(r.modbus().ranges());
        }
        if (r.mqtt() != null) {
          topics.addAll(r.mqtt().topics());
        }
      }
    }
    return of(protocol, ranges, topics);
  }

  /** The space of {@code protocol} whose Modbus segments are cut by {@code ranges}. */
  public static OperationSpace ofRanges(Protocol protocol, Collection<RegisterRange> ranges) {
    return of(protocol, ranges, List.of());
  }

  /**
   * The space of {@code protocol} whose Modbus segments are cut by {@code ranges} and whose MQTT
   * representatives are those of {@code topicFilters}.
   */
  public static OperationSpace of(
      Protocol protocol, Collection<RegisterRange> ranges, Collection<String> topicFilters) {
    if (protocol == Protocol.ANY) {
      throw new IllegalArgumentException("a space is of one concrete protocol");
    }
    List<Operation> ops = new ArrayList<>();
    int[] starts = new int[0];
    if (protocol == Protocol.MODBUS) {
      TreeSet<Integer> cuts = new TreeSet<>(List.of(0));
      for (RegisterRange r : ranges) {
        cuts.add(r.first());
        if (r.last() < 0xFFFF) {
          cuts.add(r.last() + 1);
        }
      }
      starts = cuts.stream().mapToInt(Integer::intValue).toArray();
      List<int[]> spans = new ArrayList<>();
      List<int[]> singleSegment = new ArrayList<>();
      for (int i = 0; i < starts.length; i++) {
        for (int j = i; j < starts.length; j++) {
          int[] span = {starts[i], starts[j] - starts[i] + 1};
          spans.add(span);
          if (i == j) {
            singleSegment.add(span);
          }
        }
      }
      List<int[]> fc23 = starts.length <= MAX_FC23_SEGMENTS ? spans : singleSegment;
      for (int fc = 1; fc <= 127; fc++) {
        switch (fc) {
          case 1, 2, 3, 4, 15, 16 -> {
            for (int[] s : spans) {
              ops.add(new Operation.Modbus(fc, s[0], s[1], -1, 0));
            }
          }
          case 5, 6, 22, 24 -> {
            for (int start : starts) {
              ops.add(new Operation.Modbus(fc, start, 1, -1, 0));
            }
          }
          case 23 -> {
            for (int[] read : fc23) {
              for (int[] write : fc23) {
                ops.add(new Operation.Modbus(fc, read[0], read[1], write[0], write[1]));
              }
            }
          }
          default -> ops.add(Operation.Modbus.unaddressed(fc));
        }
      }
    } else if (protocol == Protocol.OPCUA) {
      for (OpcUaMode mode : List.of(OpcUaMode.NONE, OpcUaMode.SIGN)) {
        for (int id : UA_SERVICES) {
          ops.add(new Operation.OpcUa(mode, UaService.of(id)));
        }
      }
      ops.add(new Operation.OpcUa(OpcUaMode.SIGN_AND_ENCRYPT, null));
    } else if (protocol == Protocol.MQTT) {
      java.util.Set<Operation> mqtt = new java.util.LinkedHashSet<>();
      for (String f : new TreeSet<>(topicFilters)) {
        mqtt.add(Operation.Mqtt.publish(topicIn(f)));
        mqtt.add(Operation.Mqtt.subscribe(f));
      }
      mqtt.add(Operation.Mqtt.publish(MQTT_OTHER));
      mqtt.add(Operation.Mqtt.subscribe(MQTT_OTHER));
      mqtt.add(Operation.Mqtt.subscribe("#"));
      ops.addAll(mqtt);
    } else {
      ops.add(new Operation.Connect());
    }
    return new OperationSpace(protocol, ops, starts);
  }

  /**
   * The index of the class {@code op} belongs to, or -1 when the space has none for it (a Modbus
   * request too short to carry its address; FC23 across segments beyond {@link #MAX_FC23_SEGMENTS};
   * an OPC UA service of another type than the representatives').
   */
  public int classOf(Operation op) {
    Operation rep = op;
    if (op instanceof Operation.Modbus m && Operation.Modbus.hasAddress(m.functionCode())) {
      if (m.address() < 0 || (m.functionCode() == 23 && m.writeAddress() < 0)) {
        return -1;
      }
      int[] read = representative(m.address(), m.quantity());
      int[] write =
          m.writeAddress() >= 0 ? representative(m.writeAddress(), m.writeQuantity()) : null;
      rep =
          new Operation.Modbus(
              m.functionCode(),
              read[0],
              read[1],
              write == null ? -1 : write[0],
              write == null ? 0 : write[1]);
    }
    Integer index = indexOf.get(rep);
    return index == null ? -1 : index;
  }

  /** A topic name {@code filter} matches: each wildcard level replaced by {@code x}. */
  static String topicIn(String filter) {
    List<String> levels = new ArrayList<>();
    for (String level : filter.split("/", -1)) {
      levels.add(level.equals("+") || level.equals("#") ? "x" : level);
    }
    return String.join("/", levels);
  }

  /** The first address and quantity of the class of {@code [address, address + quantity)}. */
  private int[] representative(int address, int quantity) {
    int first = segmentStarts[segment(address)];
    int last = segmentStarts[segment(address + Math.max(1, quantity) - 1)];
    return new int[] {first, last - first + 1};
  }

  private int segment(int address) {
    int k = java.util.Arrays.binarySearch(segmentStarts, address);
    return k >= 0 ? k : -k - 2;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** The representatives, by class index. */
  public List<Operation> operations() {
    return operations;
  }

  public int size() {
    return operations.size();
  }

  /** Where the Modbus address segments start, ascending from 0 (empty for other protocols). */
  public int[] segmentStarts() {
    return segmentStarts.clone();
  }

  /** Every class. */
  public BitSet all() {
    return (BitSet) all.clone();
  }

  /**
   * OPC UA discovery and session management: what passes every allowed connection and does nothing
   * to the process by itself, so a route that lets only these through is no access.
   */
  public BitSet plumbing() {
    return (BitSet) plumbing.clone();
  }

  /**
   * Classes that change a device as a relay sees them: Modbus writes (5, 6, 15, 16, 22, 23, 90),
   * OPC UA write and call on a channel whose services it reads.
   */
  public BitSet writes() {
    return (BitSet) writes.clone();
  }

  /**
   * Encrypted OPC UA messages: a relay lets them through on the mode alone, whatever service they
   * carry (writes included), so only the server's own access control stands behind a service filter
   * there.
   */
  public BitSet unseen() {
    return (BitSet) unseen.clone();
  }

  /** Whether {@code classes} holds one that is not {@link #plumbing()}, without copying. */
  public boolean anyBeyondPlumbing(BitSet classes) {
    if (plumbing.isEmpty()) {
      return !classes.isEmpty();
    }
    for (int i = classes.nextSetBit(0); i >= 0; i = classes.nextSetBit(i + 1)) {
      if (!plumbing.get(i)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code classes} holds a {@link #writes()} class, without copying. */
  public boolean anyWrite(BitSet classes) {
    return classes.intersects(writes);
  }

  /** Whether {@code classes} holds an {@link #unseen()} class, without copying. */
  public boolean anyUnseen(BitSet classes) {
    return classes.intersects(unseen);
  }

  /** The OPC UA classes on channels of one of {@code modes} (every class of other protocols). */
  public BitSet inModes(Set<OpcUaMode> modes) {
    BitSet out = new BitSet();
    for (int i = 0; i < operations.size(); i++) {
      if (!(operations.get(i) instanceof Operation.OpcUa o) || modes.contains(o.mode())) {
        out.set(i);
      }
    }
    return out;
  }

  /** The classes {@link Policy#decide} lets through {@code conduits} for {@code flow}. */
  public BitSet allowed(List<ConduitSpec> conduits, Flow flow) {
    if (flow.protocol() != protocol) {
      throw new IllegalArgumentException(
          "a " + flow.protocol() + " flow in the " + protocol + " space");
    }
    BitSet out = new BitSet();
    if (!Policy.connection(conduits, flow).allowed()) {
      return out;
    }
    for (int i = 0; i < operations.size(); i++) {
      if (Policy.verdict(conduits, flow, operations.get(i)).allowed()) {
        out.set(i);
      }
    }
    return out;
  }

  /** Spaces of one protocol with the same classes are equal: operations over them compare. */
  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof OperationSpace other
            && hash == other.hash
            && protocol == other.protocol
            && operations.equals(other.operations));
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
