package dev.otlab.scoring.arch;

import dev.otlab.network.ModbusFilter;
import dev.otlab.network.Names;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleSpec;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a route lets a client do with one service: the intersection of the filters of every allow
 * rule on the route. Unlike {@link ModbusFilter}, where an empty set means "any", here null means
 * "any" and an empty set means "nothing", because intersecting two filters can leave nothing.
 *
 * @param protocol the service's protocol
 * @param functionCodes Modbus function codes let through, null for any
 * @param ranges Modbus address ranges let through, null for any
 * @param services OPC UA services let through, null for any
 * @param minSecurity weakest OPC UA message security mode let through
 */
public record Operations(
    Protocol protocol,
    @Nullable SortedSet<Integer> functionCodes,
    @Nullable List<RegisterRange> ranges,
    @Nullable Set<OpcUaService> services,
    OpcUaMode minSecurity) {

  public Operations {
    functionCodes =
        functionCodes == null
            ? null
            : Collections.unmodifiableSortedSet(new TreeSet<>(functionCodes));
    ranges = ranges == null ? null : List.copyOf(ranges);
    services =
        services == null
            ? null
            : Collections.unmodifiableSet(
                services.isEmpty() ? EnumSet.noneOf(OpcUaService.class) : EnumSet.copyOf(services));
  }

  /** Everything the protocol can do: what a host in the same zone gets. */
  public static Operations all(Protocol protocol) {
    return new Operations(protocol, null, null, null, OpcUaMode.NONE);
  }

  /** This narrowed by an allow rule's filters; empty when nothing is left. */
  public Optional<Operations> restrict(RuleSpec rule) {
    SortedSet<Integer> fcs = functionCodes;
    List<RegisterRange> rs = ranges;
    Set<OpcUaService> sv = services;
    OpcUaMode mode = minSecurity;
    ModbusFilter m = rule.modbus();
    if (protocol == Protocol.MODBUS && m != null) {
      if (!m.functionCodes().isEmpty()) {
        TreeSet<Integer> next = new TreeSet<>(m.functionCodes());
        if (fcs != null) {
          next.retainAll(fcs);
        }
        fcs = next;
      }
      if (!m.ranges().isEmpty()) {
        rs = rs == null ? m.ranges() : intersect(rs, m.ranges());
      }
    }
    OpcUaFilter o = rule.opcua();
    if (protocol == Protocol.OPCUA && o != null) {
      if (!o.services().isEmpty()) {
        EnumSet<OpcUaService> next = EnumSet.copyOf(o.services());
        if (sv != null) {
          next.retainAll(sv);
        }
        sv = next;
      }
      if (o.minSecurityMode().compareTo(mode) > 0) {
        mode = o.minSecurityMode();
      }
    }
    Operations out = new Operations(protocol, fcs, rs, sv, mode);
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /**
   * With the destination's offered OPC UA modes: a route whose minimum no mode meets is useless.
   */
  public Optional<Operations> offeredBy(Set<OpcUaMode> offered) {
    if (protocol != Protocol.OPCUA) {
      return Optional.of(this);
    }
    boolean ok = offered.stream().anyMatch(m -> m.compareTo(minSecurity) >= 0);
    return ok ? Optional.of(this) : Optional.empty();
  }

  private static List<RegisterRange> intersect(List<RegisterRange> a, List<RegisterRange> b) {
    List<RegisterRange> out = new ArrayList<>();
    for (RegisterRange x : a) {
      for (RegisterRange y : b) {
        int first = Math.max(x.first(), y.first());
        int last = Math.min(x.last(), y.last());
        // Two ranges meet only in a table both cover: null (every table) yields to a named one.
        Table table = x.table() == null ? y.table() : x.table();
        boolean tablesMeet = x.table() == null || y.table() == null || x.table() == y.table();
        if (first <= last && tablesMeet) {
          out.add(new RegisterRange(first, last, table));
        }
      }
    }
    return out;
  }

  /**
   * Whether everything {@code other} lets through passes here too (both of one protocol): the order
   * reachability uses to keep, of the operations routes yield, only the largest.
   */
  public boolean includes(Operations other) {
    return (functionCodes == null
            || (other.functionCodes != null && functionCodes.containsAll(other.functionCodes)))
        && (services == null || (other.services != null && services.containsAll(other.services)))
        && minSecurity.compareTo(other.minSecurity) <= 0
        && (ranges == null || (other.ranges != null && covers(ranges, other.ranges)));
  }

  /** Whether the addresses of {@code inner} lie within those of {@code outer}, table by table. */
  private static boolean covers(List<RegisterRange> outer, List<RegisterRange> inner) {
    for (RegisterRange r : inner) {
      for (Table t : Table.values()) {
        if (r.table() != null && r.table() != t) {
          continue;
        }
        // Sweep the outer ranges of this table in order of their start over r.
        List<RegisterRange> mine = new ArrayList<>();
        for (RegisterRange o : outer) {
          if (o.table() == null || o.table() == t) {
            mine.add(o);
          }
        }
        mine.sort((a, b) -> Integer.compare(a.first(), b.first()));
        long next = r.first();
        for (RegisterRange o : mine) {
          if (o.first() > next) {
            break;
          }
          next = Math.max(next, (long) o.last() + 1);
        }
        if (next <= r.last()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether nothing at all passes. */
  public boolean isEmpty() {
    return (functionCodes != null && functionCodes.isEmpty())
        || (ranges != null && ranges.isEmpty())
        || (services != null && services.isEmpty());
  }

  /** Whether a client can change process values or run methods through this. */
  public boolean writeCapable() {
    if (protocol == Protocol.MODBUS) {
      return functionCodes == null
          || functionCodes.stream().anyMatch(ModbusFilter.WRITES::contains);
    }
    if (protocol == Protocol.OPCUA) {
      return services == null
          || services.contains(OpcUaService.WRITE)
          || services.contains(OpcUaService.CALL);
    }
    return false;
  }

  /** Whether no deep-packet-inspection limit applies (everything the protocol does passes). */
  public boolean unfiltered() {
    return functionCodes == null
        && ranges == null
        && services == null
        && minSecurity == OpcUaMode.NONE;
  }

  /**
   * Short human description, e.g. {@code read FC 3,4 on 0..99} or {@code browse,read
   * (sign-and-encrypt)}.
   */
  public String describe() {
    if (protocol == Protocol.MODBUS) {
      String what = writeCapable() ? "read/write" : "read";
      String fcs =
          functionCodes == null
              ? "any FC"
              : "FC "
                  + functionCodes.stream().map(String::valueOf).collect(Collectors.joining(","));
      String where =
          ranges == null
              ? ""
              : " on "
                  + ranges.stream().map(RegisterRange::toString).collect(Collectors.joining(","));
      return what + " " + fcs + where;
    }
    if (protocol == Protocol.OPCUA) {
      String sv =
          services == null
              ? "any service"
              : services.stream().map(Names::yaml).collect(Collectors.joining(","));
      return sv
          + (minSecurity == OpcUaMode.NONE ? "" : " (" + Names.yaml(minSecurity) + " or stronger)");
    }
    return "connect";
  }
}
