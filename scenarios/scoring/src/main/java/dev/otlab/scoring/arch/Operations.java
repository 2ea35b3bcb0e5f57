package dev.otlab.scoring.arch;

import dev.otlab.network.ConduitSpec;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.Operation;
import dev.otlab.network.relay.OperationSpace;
import dev.otlab.network.relay.Policy;
import dev.otlab.network.relay.UaService;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a route lets a client do with one service: the classes of operations of an {@link
 * OperationSpace} that every conduit on the route lets through, each decided by the relays' own
 * {@link Policy}. A route's operations are the intersection of its conduits'.
 *
 * @param space the classes of the service's protocol
 * @param allowed indices of the classes let through
 */
public record Operations(OperationSpace space, BitSet allowed) {

  public Operations {
    allowed = (BitSet) allowed.clone();
  }

  @Override
  public BitSet allowed() {
    return (BitSet) allowed.clone();
  }

  public Protocol protocol() {
    return space.protocol();
  }

  /** Everything the protocol can do: what a host in the same zone gets. */
  public static Operations all(OperationSpace space) {
    return new Operations(space, space.all());
  }

  /** What {@code conduits} let through for {@code flow}, as the relays decide it. */
  public static Operations through(OperationSpace space, List<ConduitSpec> conduits, Flow flow) {
    return new Operations(space, space.allowed(conduits, flow));
  }

  /** This narrowed to what {@code other} also lets through: the same instance when unchanged. */
  public Operations and(Operations other) {
    if (other.allowed.cardinality() == space.size()) {
      return this;
    }
    BitSet next = (BitSet) allowed.clone();
    next.and(other.allowed);
    return next.equals(allowed) ? this : new Operations(space, next);
  }

  /** Whether the class with this index passes. */
  public boolean allows(int classIndex) {
    return allowed.get(classIndex);
  }

  /**
   * With the destination's offered OPC UA modes: this, when something that matters passes on a
   * channel the server offers; empty when nothing does.
   */
  public Optional<Operations> offeredBy(Set<OpcUaMode> offered) {
    if (protocol() != Protocol.OPCUA) {
      return Optional.of(this);
    }
    BitSet next = (BitSet) allowed.clone();
    next.and(space.inModes(offered));
    return new Operations(space, next).isEmpty() ? Optional.empty() : Optional.of(this);
  }

  /**
   * Whether everything {@code other} lets through passes here too (both of one space): the order
   * reachability uses to keep, of the operations routes yield, only the largest.
   */
  public boolean includes(Operations other) {
    BitSet extra = (BitSet) other.allowed.clone();
    extra.andNot(allowed);
    return extra.isEmpty();
  }

  /**
   * Whether nothing that matters passes: no class at all, or for OPC UA only discovery and session
   * management, with which a client can do nothing to the process.
   */
  public boolean isEmpty() {
    return !space.anyBeyondPlumbing(allowed);
  }

  /**
   * Whether a client can change process values, the PLC's mode or program, or run methods with a
   * message the conduit sees and lets through. Encrypted OPC UA messages, which pass on their mode
   * alone whatever they carry, are {@link #unseen()} instead; {@link #writeCapable(Set)} counts
   * both.
   */
  public boolean seenWrites() {
    return space.anyWrite(allowed);
  }

  /**
   * Whether a client of a server offering {@code offered} OPC UA modes can write: a write the
   * conduit sees and lets through, or an encrypted channel on a mode the server offers, on which
   * the conduit passes every service unseen. Such a session writes as far as the server lets its
   * user: the posture model has no read-only user role (and the plant servers let every
   * authenticated session write every writable point), and a client a rule lets open sessions holds
   * the account it opens them with, so an encrypted session counts as write-capable.
   */
  public boolean writeCapable(Set<OpcUaMode> offered) {
    return seenWrites() || unseenOn(offered) || tlsMqtt();
  }

  /**
   * Whether MQTT inside TLS passes: a relay reads only its ClientHello, so an allowed connection
   * carries every publish and subscription unseen (publishes count as writes, as in clear).
   */
  public boolean tlsMqtt() {
    return protocol() == Protocol.MQTTS && !allowed.isEmpty();
  }

  /** Whether encrypted OPC UA messages pass on a channel of a mode the server offers. */
  public boolean unseenOn(Set<OpcUaMode> offered) {
    if (protocol() != Protocol.OPCUA) {
      return false;
    }
    BitSet on = (BitSet) allowed.clone();
    on.and(space.inModes(offered));
    return space.anyUnseen(on);
  }

  /**
   * Whether encrypted OPC UA messages pass: the conduit cannot tell their services, so a service
   * filter does not hold there and only the server's access control decides what they do.
   */
  public boolean unseen() {
    return space.anyUnseen(allowed);
  }

  /** Whether no deep-packet-inspection limit applies (every class passes). */
  public boolean unfiltered() {
    return allowed.cardinality() == space.size();
  }

  /** Modbus function codes of which some request passes; null for other protocols. */
  public @Nullable SortedSet<Integer> functionCodes() {
    if (protocol() != Protocol.MODBUS) {
      return null;
    }
    SortedSet<Integer> out = new TreeSet<>();
    forEach((i, op) -> out.add(((Operation.Modbus) op).functionCode()));
    return out;
  }

  /**
   * The Modbus addresses a request of some allowed addressed function can touch, merged; null when
   * that is every address (or for other protocols). Requests across two ranges may still be refused
   * where each range alone passes: a request must fit one range of one rule.
   */
  public @Nullable List<RegisterRange> ranges() {
    if (protocol() != Protocol.MODBUS) {
      return null;
    }
    return addresses(null);
  }

  private @Nullable List<RegisterRange> addresses(@Nullable Set<Integer> functionCodes) {
    int[] starts = space.segmentStarts();
    boolean[] seg = new boolean[starts.length];
    boolean any = false;
    List<Operation> ops = space.operations();
    for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) {
      Operation.Modbus m = (Operation.Modbus) ops.get(i);
      if (m.address() < 0
          || m.quantity() != 1
          || (m.writeAddress() >= 0 && m.writeQuantity() != 1)) {
        continue;
      }
      if (functionCodes != null && !functionCodes.contains(m.functionCode())) {
        continue;
      }
      int k = java.util.Arrays.binarySearch(starts, m.address());
      if (k >= 0 && (m.writeAddress() < 0 || m.writeAddress() == m.address())) {
        seg[k] = true;
        any = true;
      }
    }
    if (!any) {
      return List.of();
    }
    List<RegisterRange> out = new ArrayList<>();
    int first = -1;
    for (int k = 0; k <= starts.length; k++) {
      boolean on = k < starts.length && seg[k];
      if (on && first < 0) {
        first = starts[k];
      } else if (!on && first >= 0) {
        int last = k < starts.length ? starts[k] - 1 : 0xFFFF;
        out.add(new RegisterRange(first, last));
        first = -1;
      }
    }
    return out.size() == 1 && out.get(0).first() == 0 && out.get(0).last() == 0xFFFF ? null : out;
  }

  /**
   * OPC UA service groups of which some request passes on a None or Sign channel, where a relay
   * reads services; null for other protocols.
   */
  public @Nullable Set<OpcUaService> services() {
    if (protocol() != Protocol.OPCUA) {
      return null;
    }
    EnumSet<OpcUaService> out = EnumSet.noneOf(OpcUaService.class);
    forEach(
        (i, op) -> {
          UaService s = ((Operation.OpcUa) op).service();
          if (s != null && s.category().group() != null) {
            out.add(s.category().group());
          }
        });
    return out;
  }

  /** The weakest OPC UA security mode on which more than discovery and sessions pass. */
  public OpcUaMode minSecurity() {
    if (protocol() != Protocol.OPCUA) {
      return OpcUaMode.NONE;
    }
    OpcUaMode weakest = null;
    List<Operation> ops = space.operations();
    BitSet useful = (BitSet) allowed.clone();
    useful.andNot(space.plumbing());
    for (int i = useful.nextSetBit(0); i >= 0; i = useful.nextSetBit(i + 1)) {
      OpcUaMode m = ((Operation.OpcUa) ops.get(i)).mode();
      weakest = weakest == null || m.compareTo(weakest) < 0 ? m : weakest;
    }
    return weakest == null ? OpcUaMode.SIGN_AND_ENCRYPT : weakest;
  }

  private interface ClassVisitor {
    void visit(int index, Operation op);
  }

  private void forEach(ClassVisitor v) {
    List<Operation> ops = space.operations();
    for (int i = allowed.nextSetBit(0); i >= 0; i = allowed.nextSetBit(i + 1)) {
      v.visit(i, ops.get(i));
    }
  }

  /**
   * Short human description, e.g. {@code read FC 3,4 on 0..99; FC 8,43} or {@code browse,read (sign
   * or stronger); encrypted (sign-and-encrypt)}, over every OPC UA mode.
   */
  public String describe() {
    return describe(EnumSet.allOf(OpcUaMode.class));
  }

  /**
   * Like {@link #describe()} for a server offering {@code offered} OPC UA modes: what passes on
   * channels it does not offer carries nothing and is left out.
   */
  public String describe(Set<OpcUaMode> offered) {
    if (protocol() == Protocol.MODBUS) {
      if (unfiltered()) {
        return "read/write any FC";
      }
      String what = seenWrites() ? "read/write" : "read";
      // Functions with addresses, grouped by the addresses they reach; then those without.
      Map<String, List<Integer>> byWhere = new LinkedHashMap<>();
      List<Integer> unaddressed = new ArrayList<>();
      for (int fc : functionCodes()) {
        if (!Operation.Modbus.hasAddress(fc)) {
          unaddressed.add(fc);
          continue;
        }
        List<RegisterRange> where = addresses(Set.of(fc));
        String key =
            where == null
                ? ""
                : " on "
                    + where.stream().map(RegisterRange::toString).collect(Collectors.joining(","));
        byWhere.computeIfAbsent(key, k -> new ArrayList<>()).add(fc);
      }
      List<String> parts = new ArrayList<>();
      byWhere.forEach((where, fcs) -> parts.add("FC " + join(fcs) + where));
      if (!unaddressed.isEmpty()) {
        parts.add("FC " + join(unaddressed) + " (no address)");
      }
      return what + " " + String.join("; ", parts);
    }
    if (protocol() == Protocol.OPCUA) {
      if (unfiltered()) {
        return "any service";
      }
      List<String> parts = new ArrayList<>();
      for (OpcUaMode mode : List.of(OpcUaMode.NONE, OpcUaMode.SIGN)) {
        if (!offered.contains(mode)) {
          continue;
        }
        EnumSet<OpcUaService> groups = EnumSet.noneOf(OpcUaService.class);
        forEach(
            (i, op) -> {
              Operation.OpcUa o = (Operation.OpcUa) op;
              if (o.mode() == mode
                  && o.service() != null
                  && o.service().category().group() != null) {
                groups.add(o.service().category().group());
              }
            });
        if (!groups.isEmpty()) {
          parts.add(
              groups.stream().map(Names::yaml).collect(Collectors.joining(","))
                  + " ("
                  + Names.yaml(mode)
                  + ")");
        }
      }
      if (unseenOn(offered)) {
        parts.add("any service unseen (sign-and-encrypt)");
      }
      return parts.isEmpty() ? "sessions only" : String.join("; ", parts);
    }
    if (protocol() == Protocol.MQTT) {
      if (unfiltered()) {
        return "publish and subscribe any topic";
      }
      List<String> publish = new ArrayList<>();
      List<String> subscribe = new ArrayList<>();
      forEach(
          (i, op) -> {
            Operation.Mqtt q = (Operation.Mqtt) op;
            (q.direction() == MqttDirection.PUBLISH ? publish : subscribe).add(q.topic());
          });
      List<String> parts = new ArrayList<>();
      if (!publish.isEmpty()) {
        parts.add("publish " + String.join(",", publish));
      }
      if (!subscribe.isEmpty()) {
        parts.add("subscribe " + String.join(",", subscribe));
      }
      return parts.isEmpty() ? "connect only" : String.join("; ", parts);
    }
    if (protocol() == Protocol.MQTTS) {
      return "connect (publish and subscribe any topic unseen inside TLS)";
    }
    return "connect";
  }

  private static String join(List<Integer> fcs) {
    return fcs.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
