package dev.otlab.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The passive asset inventory: every host the sensors saw, built only from traffic (no scanning).
 * Roles are as observed: {@code server} answers requests, {@code master} sends writes or commands,
 * {@code poller} only reads over Modbus, {@code historian} only reads over OPC UA.
 */
public final class AssetInventory {

  /**
   * One host as observed.
   *
   * @param host host id
   * @param observedRoles roles from its traffic
   * @param protocols protocols it spoke or served
   * @param unitIds Modbus unit ids it served or addressed
   * @param tagRanges per Modbus table, {@code [first, last]} addresses it served or addressed
   * @param peers hosts it talked to
   * @param firstSeen simulated seconds
   * @param lastSeen simulated seconds
   */
  public record Asset(
      String host,
      Set<String> observedRoles,
      Set<String> protocols,
      Set<Integer> unitIds,
      Map<String, List<Integer>> tagRanges,
      Set<String> peers,
      double firstSeen,
      double lastSeen) {}

  private static final class Entry {
    final Set<String> protocols = new TreeSet<>();
    final Set<Integer> units = new TreeSet<>();
    final Map<String, List<Integer>> ranges = new TreeMap<>();
    final Set<String> peers = new TreeSet<>();
    boolean serves;
    boolean writes;
    boolean readsModbus;
    boolean readsUa;
    double first = Double.NaN;
    double last = Double.NaN;

    void seen(double t) {
      if (Double.isNaN(first)) {
        first = t;
      }
      last = Math.max(Double.isNaN(last) ? t : last, t);
    }
  }

  private final Map<String, Entry> hosts = new TreeMap<>();

  void accept(ProtocolEvent e) {
    Entry src = hosts.computeIfAbsent(e.sourceHost(), k -> new Entry());
    Entry dst = hosts.computeIfAbsent(e.destinationHost(), k -> new Entry());
    src.seen(e.time());
    src.protocols.add(e.protocol().name());
    src.peers.add(e.destinationHost());
    dst.peers.add(e.sourceHost());
    if (e.result() == ProtocolEvent.Result.DENIED) {
      // Dropped before the device: the destination showed nothing of itself.
      return;
    }
    dst.seen(e.time());
    dst.protocols.add(e.protocol().name());
    if (e.result() == ProtocolEvent.Result.OK || e.result() == ProtocolEvent.Result.ERROR) {
      dst.serves = true;
    }
    if (e.write()) {
      src.writes = true;
    } else if (e.protocol() == Protocol.MODBUS) {
      src.readsModbus = true;
    } else {
      src.readsUa = true;
    }
    if (e.protocol() == Protocol.MODBUS && e.unitId() >= 0) {
      src.units.add(e.unitId());
      dst.units.add(e.unitId());
      String table = Baseline.table(e.code());
      if (table != null && e.address() >= 0) {
        int address = e.writeAddress() >= 0 ? e.writeAddress() : e.address();
        int quantity = e.writeAddress() >= 0 ? e.writeQuantity() : e.quantity();
        List<Integer> r = dst.ranges.computeIfAbsent(table, k -> new ArrayList<>());
        int last = address + Math.max(quantity, 1) - 1;
        if (r.isEmpty()) {
          r.add(address);
          r.add(last);
        } else {
          r.set(0, Math.min(r.get(0), address));
          r.set(1, Math.max(r.get(1), last));
        }
      }
    }
  }

  /**
   * A sorted copy: {@code Set.copyOf} iterates in an order salted per JVM, and inventory.json must
   * read the same for the same seed.
   */
  private static <T extends Comparable<T>> Set<T> sorted(Set<T> values) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }

  /** The inventory now, hosts in name order. */
  public List<Asset> assets() {
    List<Asset> out = new ArrayList<>();
    hosts.forEach(
        (host, e) -> {
          Set<String> roles = new TreeSet<>();
          if (e.serves) {
            roles.add("server");
          }
          if (e.writes) {
            roles.add("master");
          } else if (e.readsModbus) {
            roles.add("poller");
          }
          if (e.readsUa && !e.writes) {
            roles.add("historian");
          }
          Map<String, List<Integer>> ranges = new TreeMap<>();
          e.ranges.forEach((k, v) -> ranges.put(k, List.copyOf(v)));
          out.add(
              new Asset(
                  host,
                  roles,
                  sorted(e.protocols),
                  sorted(e.units),
                  ranges,
                  sorted(e.peers),
                  e.first,
                  e.last));
        });
    return out;
  }

  /** The inventory as a JSON document ({@code {"assets": [...]}}). */
  public String toJson() {
    try {
      return new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writeValueAsString(Map.of("assets", assets()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("inventory is plain data", e);
    }
  }
}
