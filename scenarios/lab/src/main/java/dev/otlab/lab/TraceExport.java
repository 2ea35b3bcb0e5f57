package dev.otlab.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.detection.export.AlertJson;
import dev.otlab.detection.export.CefSyslog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run trace as files other tools read: the per-second samples as CSV (true values, then what the
 * HMI saw, prefixed {@code hmi_}), and every record as JSON lines tagged with its type. The CLI's
 * {@code --out} folder and the dashboard's downloads both use these, so they cannot drift apart.
 */
public final class TraceExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TraceExport() {}

  /** One row per sample: {@code time_s}, each true value, each HMI value (empty when unseen). */
  public static String samplesCsv(RunTrace t) {
    StringBuilder sb = new StringBuilder();
    appendSamplesCsv(t, sb);
    return sb.toString();
  }

  /**
   * {@link #samplesCsv} written row by row to {@code out}: an hour-long run's table never has to be
   * held in memory whole.
   */
  public static void writeSamplesCsv(RunTrace t, Writer out) throws IOException {
    appendSamplesCsv(t, out);
  }

  private static void appendSamplesCsv(RunTrace t, Appendable out) {
    try {
      List<String> tags =
          t.samples().isEmpty()
              ? List.of()
              : List.copyOf(new TreeSet<>(t.samples().get(0).trueValues().keySet()));
      StringBuilder row = new StringBuilder("time_s");
      for (String tag : tags) {
        row.append(',').append(tag);
      }
      for (String tag : tags) {
        row.append(",hmi_").append(tag);
      }
      row.append('\n');
      out.append(row);
      for (RunTrace.Sample s : t.samples()) {
        row.setLength(0);
        row.append(s.time());
        for (String tag : tags) {
          row.append(',').append(s.trueValues().getOrDefault(tag, Double.NaN));
        }
        for (String tag : tags) {
          Double v = s.hmiValues().get(tag);
          row.append(',').append(v == null ? "" : v.toString());
        }
        row.append('\n');
        out.append(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One JSON object per line of a list of records. */
  public static String lines(List<?> records) {
    StringBuilder sb = new StringBuilder();
    for (Object r : records) {
      sb.append(write(r)).append('\n');
    }
    return sb.toString();
  }

  /** {@link #lines} written line by line to {@code out}. */
  public static void writeLines(List<?> records, Writer out) throws IOException {
    for (Object r : records) {
      out.write(write(r));
      out.write('\n');
    }
  }

  /**
   * The controllers' states over the run, one JSON line per change: {@code {"t": seconds,
   * "controllers": {id: {kind, mode, auto, bypassed, tripped}}}}, the first at the first sample. A
   * replay shows PLC modes, loop modes and the SIS's bypasses from it; it is kept apart from {@link
   * #allLines} so the run's record of traffic and outcome stays what it was.
   */
  public static String controllerLines(RunTrace t) {
    return controllerLines(t.samples());
  }

  /** {@link #controllerLines(RunTrace)} of a run's samples. */
  static String controllerLines(List<RunTrace.Sample> samples) {
    StringBuilder sb = new StringBuilder();
    Map<String, RunTrace.ControllerState> last = null;
    for (RunTrace.Sample s : samples) {
      if (s.controllers().isEmpty() || s.controllers().equals(last)) {
        continue;
      }
      last = s.controllers();
      Map<String, Object> line = new java.util.LinkedHashMap<>();
      line.put("t", s.time());
      line.put("controllers", s.controllers());
      sb.append(write(line)).append('\n');
    }
    return sb.toString();
  }

  /** The run's alerts as JSON lines ({@link AlertJson}), as a SIEM or the dashboard reads them. */
  public static String alertLines(RunTrace t) {
    return AlertJson.lines(t.alerts().stream().map(RunTrace.LabelledAlert::alert).toList());
  }

  /** The run's alerts as CEF messages, one per line, as they go out over syslog. */
  public static String alertCef(RunTrace t) {
    StringBuilder sb = new StringBuilder();
    for (RunTrace.LabelledAlert la : t.alerts()) {
      sb.append(CefSyslog.message(la.alert())).append('\n');
    }
    return sb.toString();
  }

  /**
   * Every record of the trace as one JSON object per line with a {@code type} field: {@code step},
   * {@code event}, {@code decision}, {@code firewall} (a conduit's log line), {@code operation},
   * {@code crossing}, {@code sis-trip}, {@code response} (what a defender did: {@link
   * #responseNode}; none in a run nobody defended), and last the run's {@code outcome} (its {@code
   * kind} and fields, see {@link RunOutcome}).
   */
  public static String allLines(RunTrace t) {
    StringBuilder sb = new StringBuilder();
    typed(sb, "step", t.steps());
    typed(sb, "event", t.events());
    typed(sb, "decision", t.decisions());
    typed(sb, "firewall", t.firewall());
    typed(sb, "operation", t.operations());
    typed(sb, "crossing", t.crossings());
    typed(sb, "sis-trip", t.sisTrips());
    for (ResponseRecord r : t.responses()) {
      sb.append(write(responseNode(r))).append('\n');
    }
    typed(sb, "outcome", List.of(t.outcome()));
    return sb.toString();
  }

  /**
   * A response as a JSON object: {@code type: response}, when it was asked and carried out, who and
   * why, the action ({@code kind}, {@code describe} and its fields), whether it was done, the
   * result sentence and its side effects.
   */
  public static ObjectNode responseNode(ResponseRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", "response");
    n.put("requested", r.requested());
    n.put("time", r.time());
    n.put("who", r.who());
    n.put("why", r.why());
    ObjectNode action = JSON.createObjectNode();
    action.put("kind", r.action().kind());
    action.put("describe", r.action().describe());
    action.setAll((ObjectNode) JSON.valueToTree(r.action()));
    n.set("action", action);
    n.put("done", r.done());
    n.put("result", r.result());
    n.set("effects", JSON.valueToTree(r.effects()));
    return n;
  }

  private static void typed(StringBuilder sb, String type, List<?> records) {
    for (Object r : records) {
      ObjectNode n = JSON.createObjectNode();
      n.put("type", type);
      n.setAll((ObjectNode) JSON.valueToTree(r));
      sb.append(write(n)).append('\n');
    }
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a trace record did not serialise", e);
    }
  }
}
