package dev.otlab.detection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What normal traffic looks like, learned from benign traffic: flows (source, destination,
 * protocol), operations per flow (Modbus function codes, OPC UA services), Modbus unit ids and
 * address ranges per flow and table, OPC UA nodes per flow, and written value ranges per address.
 * Saved and loaded as JSON, so a baseline learned once (from a long benign capture) can be reused.
 *
 * @param version format version
 * @param flows {@code source>destination PROTOCOL}
 * @param operations per flow, the operation keys seen (function code or service name)
 * @param units per flow, the Modbus unit ids seen
 * @param ranges per {@code flow|table}, {@code [first, last]} address seen
 * @param nodes per flow, the OPC UA node ids seen; for MQTT the client ids, users and topics
 * @param values per {@code flow|table|address}, {@code [min, max]} written
 */
public record Baseline(
    int version,
    Set<String> flows,
    Map<String, Set<String>> operations,
    Map<String, Set<Integer>> units,
    Map<String, List<Integer>> ranges,
    Map<String, Set<String>> nodes,
    Map<String, List<Double>> values) {

  public static final int VERSION = 1;

  /** An empty baseline to learn into. */
  public static Baseline empty() {
    return new Baseline(
        VERSION,
        new TreeSet<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>());
  }

  /** A mutable deep copy (the record's collections stay mutable while learning). */
  public Baseline copy() {
    Baseline b = empty();
    b.flows.addAll(flows);
    operations.forEach((k, v) -> b.operations.put(k, new TreeSet<>(v)));
    units.forEach((k, v) -> b.units.put(k, new TreeSet<>(v)));
    ranges.forEach((k, v) -> b.ranges.put(k, new ArrayList<>(v)));
    nodes.forEach((k, v) -> b.nodes.put(k, new TreeSet<>(v)));
    values.forEach((k, v) -> b.values.put(k, new ArrayList<>(v)));
    return b;
  }

  static String flow(ProtocolEvent e) {
    return e.sourceHost() + ">" + e.destinationHost() + " " + e.protocol().name();
  }

  /** Modbus table of a function code, or null for functions without one. */
  static @Nullable String table(int code) {
    switch (code) {
      case 1:
      case 5:
      case 15:
        return "coil";
      case 2:
        return "discrete-input";
      case 3:
      case 6:
      case 16:
      case 22:
      case 23:
        return "holding-register";
      case 4:
        return "input-register";
      default:
        return null;
    }
  }

  /** Learns one event. Refused requests teach nothing: they are not normal traffic. */
  void learn(ProtocolEvent e) {
    if (e.result() == ProtocolEvent.Result.DENIED || e.result() == ProtocolEvent.Result.REJECTED) {
      return;
    }
    String flow = flow(e);
    flows.add(flow);
    operations.computeIfAbsent(flow, k -> new TreeSet<>()).add(BaselineAllow.key(e));
    if (e.protocol() == Protocol.MODBUS) {
      if (e.unitId() >= 0) {
        units.computeIfAbsent(flow, k -> new TreeSet<>()).add(e.unitId());
      }
      String table = table(e.code());
      if (table != null) {
        widen(flow + "|" + table, e.address(), e.quantity());
        if (e.writeAddress() >= 0) {
          widen(flow + "|" + table, e.writeAddress(), e.writeQuantity());
        }
        if (e.write()) {
          int first = e.writeAddress() >= 0 ? e.writeAddress() : e.address();
          for (int i = 0; i < e.values().size(); i++) {
            double v = e.values().get(i);
            List<Double> r =
                values.computeIfAbsent(
                    flow + "|" + table + "|" + (first + i), k -> new ArrayList<>());
            if (r.isEmpty()) {
              r.add(v);
              r.add(v);
            } else {
              r.set(0, Math.min(r.get(0), v));
              r.set(1, Math.max(r.get(1), v));
            }
          }
        }
      }
    } else if (e.protocol() == Protocol.MQTT) {
      // Who connects and which topics flow; not the payload sizes and QoS that vary per message.
      for (String node : e.nodeIds()) {
        if (mqttIdentity(node)) {
          nodes.computeIfAbsent(flow, k -> new TreeSet<>()).add(node);
        }
      }
    } else {
      nodes.computeIfAbsent(flow, k -> new TreeSet<>()).addAll(e.nodeIds());
    }
  }

  /** An MQTT event's {@code client=}, {@code user=} or {@code topic=} node: what the flow is. */
  static boolean mqttIdentity(String node) {
    return node.startsWith("client=") || node.startsWith("user=") || node.startsWith("topic=");
  }

  private void widen(String key, int address, int quantity) {
    if (address < 0) {
      return;
    }
    int last = address + Math.max(quantity, 1) - 1;
    List<Integer> r = ranges.computeIfAbsent(key, k -> new ArrayList<>());
    if (r.isEmpty()) {
      r.add(address);
      r.add(last);
    } else {
      r.set(0, Math.min(r.get(0), address));
      r.set(1, Math.max(r.get(1), last));
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the baseline as JSON. */
  public void save(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new OtlabException(
          "BASELINE_WRITE_FAILED",
          "Cannot write baseline " + file + ": " + e.getMessage(),
          "Check that the folder exists and is writable.",
          e);
    }
  }

  /** Reads a baseline saved by {@link #save}. */
  public static Baseline load(Path file) {
    try {
      Baseline b = JSON.readValue(Files.readString(file), Baseline.class);
      if (b.version() != VERSION) {
        throw new OtlabException(
            "BASELINE_VERSION",
            "Baseline " + file + " has format version " + b.version() + ", not " + VERSION + ".",
            "Learn the baseline again with this version of otlab.");
      }
      return b.copy();
    } catch (IOException e) {
      throw new OtlabException(
          "BASELINE_READ_FAILED",
          "Cannot read baseline " + file + ": " + e.getMessage(),
          "Give a baseline file written by otlab (JSON).",
          e);
    }
  }
}
