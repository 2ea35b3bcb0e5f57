package dev.otlab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's numbers: one row per measure, one column per plant, printed as a table and
 * written as JSON with the same keys, so two runs (before and after a change) line up.
 */
public final class Results {

  /**
   * One measure.
   *
   * @param key stable name in the JSON
   * @param label what the table says
   * @param unit unit of its values
   */
  public record Row(String key, String label, String unit) {}

  private final List<Row> rows;
  private final List<String> plants;
  private final Map<String, Map<String, Double>> values = new HashMap<>();
  private final Map<String, String> header = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  public Results(List<Row> rows, List<String> plants) {
    this.rows = List.copyOf(rows);
    this.plants = List.copyOf(plants);
  }

  /** The rows {@code bench/run} prints, in order; the evaluations' rows only when it runs them. */
  public static List<Row> rows(BenchOptions o) {
    List<Row> r = new ArrayList<>();
    r.add(new Row("architecture.hosts", "hosts of the architecture", "count"));
    r.add(new Row("bare.speed", "bare plant (physics, scans, SIS; no servers)", "sim s/wall s"));
    r.add(new Row("run.speed", "benign run (benign operations, relays)", "sim s/wall s"));
    r.add(new Row("run.ratio", "benign run / bare plant", "%"));
    r.add(new Row("run.requests", "protocol requests of the run (relay-tapped)", "count"));
    r.add(new Row("run.requestsPerWallSecond", "protocol requests per wall second", "req/wall s"));
    r.add(
        new Row("run.requestsPerSimulatedSecond", "protocol requests per sim second", "req/sim s"));
    r.add(new Row("run.operations", "benign operations of the run", "count"));
    r.add(new Row("hop.direct.p50", "FC03 direct, over sockets, p50", "us"));
    r.add(new Row("hop.direct.p99", "FC03 direct, over sockets, p99", "us"));
    r.add(new Row("hop.relayed.p50", "FC03 one relay, over sockets, p50", "us"));
    r.add(new Row("hop.relayed.p99", "FC03 one relay, over sockets, p99", "us"));
    r.add(new Row("hop.added.p50", "added by one relay hop over sockets, p50", "us"));
    r.add(new Row("hop.added.p99", "added by one relay hop over sockets, p99", "us"));
    r.add(new Row("hop.inProcess.relayed.p50", "FC03 one relay, in process, p50", "us"));
    r.add(new Row("hop.inProcess.relayed.p99", "FC03 one relay, in process, p99", "us"));
    r.add(new Row("hop.inProcess.added.p50", "added by one relay hop in process, p50", "us"));
    r.add(new Row("hop.inProcess.added.p99", "added by one relay hop in process, p99", "us"));
    if (o.suites()) {
      String one = "evaluate --seeds 1";
      r.add(new Row("suite.wallSeconds", one + ": wall time", "s"));
      r.add(new Row("suite.simulatedSeconds", one + ": simulated time", "sim s"));
      r.add(new Row("suite.speed", one + ": speed", "sim s/wall s"));
      r.add(new Row("suite.peakRssMiB", one + ": peak RSS", "MiB"));
      String many = "evaluate --seeds " + o.seeds();
      r.add(new Row("suiteSeeds.wallSeconds", many + ": wall time", "s"));
      r.add(new Row("suiteSeeds.simulatedSeconds", many + ": simulated time", "sim s"));
      r.add(new Row("suiteSeeds.speed", many + ": speed", "sim s/wall s"));
      r.add(new Row("suiteSeeds.peakRssMiB", many + ": peak RSS", "MiB"));
    }
    return r;
  }

  /** A line above the table (machine, commit, options). */
  public void header(String key, String value) {
    header.put(key, value);
  }

  /** A line below the table saying what a measure counts. */
  public void note(String text) {
    notes.add(text);
  }

  public void put(String plant, String key, double value) {
    if (rows.stream().noneMatch(r -> r.key().equals(key))) {
      throw new IllegalArgumentException("No row '" + key + "'.");
    }
    values.computeIfAbsent(plant, p -> new HashMap<>()).put(key, value);
  }

  /** The value, NaN when not measured. */
  public double get(String plant, String key) {
    return values.getOrDefault(plant, Map.of()).getOrDefault(key, Double.NaN);
  }

  /** The header, the table and the notes, as printed. */
  public String table() {
    StringBuilder b = new StringBuilder();
    header.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    int labelWidth = "measure".length();
    int unitWidth = "unit".length();
    for (Row r : rows) {
      labelWidth = Math.max(labelWidth, r.label().length());
      unitWidth = Math.max(unitWidth, r.unit().length());
    }
    List<Integer> widths = new ArrayList<>();
    for (String p : plants) {
      int w = Math.max(10, p.length());
      for (Row r : rows) {
        w = Math.max(w, number(get(p, r.key())).length());
      }
      widths.add(w);
    }
    b.append(pad("measure", labelWidth)).append("  ").append(pad("unit", unitWidth));
    for (int i = 0; i < plants.size(); i++) {
      b.append("  ").append(left(plants.get(i), widths.get(i)));
    }
    b.append('\n');
    for (Row r : rows) {
      b.append(pad(r.label(), labelWidth)).append("  ").append(pad(r.unit(), unitWidth));
      for (int i = 0; i < plants.size(); i++) {
        b.append("  ").append(left(number(get(plants.get(i), r.key())), widths.get(i)));
      }
      b.append('\n');
    }
    notes.forEach(n -> b.append("* ").append(n).append('\n'));
    return b.toString();
  }

  /** The same as JSON: header, then per row its unit and per plant its value (null if none). */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>(header);
    root.put("plants", plants);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", r.key());
      m.put("label", r.label());
      m.put("unit", r.unit());
      Map<String, Object> v = new LinkedHashMap<>();
      for (String p : plants) {
        double d = get(p, r.key());
        v.put(p, Double.isFinite(d) ? d : null);
      }
      m.put("values", v);
      out.add(m);
    }
    root.put("rows", out);
    root.put("notes", notes);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Maps of strings and numbers always serialize", e);
    }
  }

  /** A value with as many digits as say something at its size; "-" when not measured. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    double a = Math.abs(v);
    String f = a >= 100 || v == Math.rint(v) ? "%,.0f" : a >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, f, v);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String left(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
