package dev.otlab.dashboard.jobs;

import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Interval;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.TechniqueCoverage;
import dev.otlab.scoring.Verdicts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The printable report of an evaluation: one self-contained HTML page (no scripts, no outside
 * resources) that prints on A4 and reads without colour: every state is also a word.
 */
public final class Report {
  private Report() {}

  /**
   * What the dashboard knows about the job beyond its result.
   *
   * @param kind {@code run} or {@code evaluation}
   * @param id job id
   * @param name the name people gave it, or null
   * @param note the note people wrote, or null
   * @param user who started it
   * @param created epoch ms
   * @param finished epoch ms, or null
   */
  public record About(
      String kind,
      String id,
      @Nullable String name,
      @Nullable String note,
      String user,
      long created,
      @Nullable Long finished) {}

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The report as stored when a job finishes (no name or note yet). */
  public static String html(Evaluation e) {
    return html(e, null);
  }

  public static String html(Evaluation e, @Nullable About about) {
    StringBuilder sb = new StringBuilder();
    // A run is played as an evaluation of one scenario: its "suite" is that scenario.
    boolean single = about != null && about.kind().equals("run");
    String title =
        "otlab "
            + (about == null ? "evaluation" : about.kind())
            + (about == null || about.name() == null ? "" : " \u201c" + about.name() + "\u201d")
            + ": "
            + e.architecture()
            + (e.detectionProfile() == null ? "" : " + " + e.detectionProfile())
            + (single ? ", scenario " + scenarios(e) : ", suite " + e.suite());
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(
            "body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}"
                + "table{border-collapse:collapse;width:100%;margin:1em 0}"
                + "th,td{border:1px solid #888;padding:.25em .5em;text-align:left;vertical-align:top}"
                + "th{background:#eee}.num{text-align:right}"
                + "@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}"
                // On a phone wide tables scroll inside themselves, not the page.
                + "@media screen and (max-width:700px){body{margin:.5em}"
                + "table{display:block;overflow-x:auto}}")
        .append(".verdict{font-size:1.15em;border:2px solid #111;padding:.5em .75em}")
        .append("</style></head><body>");
    sb.append("<h1>").append(esc(title)).append("</h1>");
    sb.append("<p class=\"verdict\"><strong>Summary:</strong> ")
        .append(esc(Verdicts.of(e)))
        .append("</p>");
    sb.append("<table class=\"about\">");
    if (about != null) {
      row(
          sb,
          "Date",
          DATE.format(
                  Instant.ofEpochMilli(
                      about.finished() == null ? about.created() : about.finished()))
              + (about.finished() == null ? " (started)" : " (finished)"));
      row(
          sb,
          about.kind().equals("run") ? "Run" : "Evaluation",
          about.id() + (about.name() == null ? "" : " (" + about.name() + ")"));
      if (about.note() != null) {
        row(sb, "Note", about.note());
      }
      row(sb, "Started by", about.user());
    }
    row(sb, "Architecture", e.architecture());
    row(sb, "Detection profile", e.detectionProfile() == null ? "none" : e.detectionProfile());
    row(sb, single ? "Scenario" : "Suite", single ? scenarios(e) : e.suite());
    row(
        sb,
        e.seeds().size() == 1 ? "Seed" : "Seeds",
        e.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
    sb.append("</table>");
    sb.append("<p>Plant ")
        .append(esc(e.plant()))
        .append(
            e.seeds().size() == 1
                ? ", seed " + e.seed()
                : ", seeds "
                    + e.seed()
                    + ".."
                    + e.seeds().get(e.seeds().size() - 1)
                    + " (scores: means with 95% intervals; scenarios: reached in how many seeds,"
                    + " the rest of seed "
                    + e.seed()
                    + ")")
        .append(", ATT&amp;CK for ICS ")
        .append(esc(e.attackVersion()))
        .append(String.format(Locale.ROOT, ", %.0f simulated seconds.", e.simulatedSeconds()))
        .append("</p>");

    sb.append("<h2>Scores</h2><table><tr><th>total</th><th>prevention</th><th>detection</th>")
        .append("<th>impact</th><th>operations</th></tr><tr>")
        .append(num(e.scores().total()))
        .append(num(e.scores().prevention()))
        .append(num(e.scores().detection()))
        .append(num(e.scores().impact()))
        .append(num(e.scores().operations()))
        .append("</tr>");
    if (e.seeds().size() > 1) {
      sb.append("<tr>");
      for (String name : List.of("total", "prevention", "detection", "impact", "operations")) {
        Interval i = e.intervals().get(name);
        sb.append("<td class=\"num\">")
            .append(
                i == null
                    ? "n/a"
                    : String.format(Locale.ROOT, "95%% [%.1f, %.1f]", i.low(), i.high()))
            .append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</table>");

    sb.append("<h2>Verdicts</h2><table><tr><th>scenario</th><th>verdict</th></tr>");
    for (Scorecard c : e.scorecards()) {
      sb.append("<tr><td>")
          .append(esc(c.scenario()))
          .append("</td><td>")
          .append(esc(Verdicts.of(c)))
          .append("</td></tr>");
    }
    sb.append("</table>");

    sb.append("<h2>Scenarios</h2><table><tr><th>scenario</th><th>objective</th>")
        .append("<th>blocked at</th><th>detected</th><th>time to detect (s)</th>")
        .append("<th>impact</th><th>false alerts</th><th>benign denied</th></tr>");
    for (Scorecard c : e.scorecards()) {
      sb.append("<tr><td>")
          .append(esc(c.scenario()))
          .append("<br><small>")
          .append(esc(c.title()))
          .append("</small></td><td>")
          .append(esc(c.outcome().text()))
          .append(
              e.seeds().size() == 1
                  ? ""
                  : " (reached in "
                      + e.reach(c.scenario()).reached()
                      + " of "
                      + e.seeds().size()
                      + " seeds)")
          .append("</td><td>")
          .append(esc(c.blockedAt()))
          .append("</td><td>")
          .append(
              !c.detection().observable()
                  ? "nothing to see"
                  : c.detection().detectTime() != null ? "yes" : "NO")
          .append("</td>")
          .append(num(c.detection().timeToDetect()))
          .append("<td>")
          .append(esc(c.impactText()))
          .append("</td>")
          .append(num((double) c.detection().falseAlerts()))
          .append(num((double) c.operations().denied()))
          .append("</tr>");
    }
    sb.append("</table>");

    sb.append("<h2>ATT&amp;CK for ICS coverage</h2><table><tr><th>technique</th>")
        .append("<th>coverage</th><th>step instances</th><th>prevented</th>")
        .append("<th>detected before impact</th><th>detected after impact</th>")
        .append("<th>succeeded unseen</th><th>score</th><th>stopped at</th>")
        .append("<th>detected by</th></tr>");
    for (TechniqueCoverage t : e.coverage()) {
      sb.append("<tr><td>")
          .append(esc(t.technique() + " " + t.name()))
          .append("</td><td>")
          .append(esc(t.coverageClass().words()))
          .append("</td>")
          .append(num((double) t.ran()))
          .append(num((double) t.prevented()))
          .append(num((double) t.detectedBeforeImpact()))
          .append(num((double) t.detectedAfterImpact()))
          .append(num((double) t.succeededUnseen()))
          .append(num(t.score()))
          .append("<td>")
          .append(esc(counts(t.stoppedAt())))
          .append("</td><td>")
          .append(esc(String.join(", ", t.detectedBy())))
          .append("</td></tr>");
    }
    sb.append("</table>");

    sb.append("<h2>Static findings</h2>");
    if (e.findings().isEmpty()) {
      sb.append("<p>None: every static check passed.</p>");
    } else {
      Map<String, Long> bySeverity = new LinkedHashMap<>();
      for (String sev : SEVERITIES) {
        long n = e.findings().stream().filter(f -> f.severity().equalsIgnoreCase(sev)).count();
        if (n > 0) {
          bySeverity.put(sev, n);
        }
      }
      sb.append("<p>By severity: ")
          .append(
              esc(
                  bySeverity.entrySet().stream()
                      .map(x -> x.getValue() + " " + x.getKey())
                      .collect(Collectors.joining(", "))))
          .append(".</p>");
      sb.append("<table><tr><th>severity</th><th>finding</th><th>fix</th></tr>");
      List<Evaluation.StaticFinding> sorted =
          e.findings().stream()
              .sorted(java.util.Comparator.comparingInt(f -> rank(f.severity())))
              .toList();
      for (Evaluation.StaticFinding f : sorted) {
        sb.append("<tr><td>")
            .append(esc(f.severity().toUpperCase(Locale.ROOT)))
            .append("</td><td>")
            .append(esc(f.message()))
            .append("<br><small>")
            .append(esc(String.join(", ", f.elements())))
            .append("</small></td><td>")
            .append(esc(f.fix()))
            .append("</td></tr>");
      }
      sb.append("</table>");
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static final List<String> SEVERITIES =
      List.of("critical", "high", "medium", "low", "info");

  private static int rank(String severity) {
    int i = SEVERITIES.indexOf(severity.toLowerCase(Locale.ROOT));
    return i < 0 ? SEVERITIES.size() : i;
  }

  /** {@code ent-dmz (default deny) ×1; ops-control/others-modbus ×2}, or a dash for none. */
  static String counts(Map<String, Integer> m) {
    if (m.isEmpty()) {
      return "-";
    }
    return new java.util.TreeMap<>(m)
        .entrySet().stream()
            .map(x -> x.getKey() + " \u00d7" + x.getValue())
            .collect(Collectors.joining("; "));
  }

  private static String scenarios(Evaluation e) {
    return e.scorecards().stream().map(Scorecard::scenario).collect(Collectors.joining(", "));
  }

  private static void row(StringBuilder sb, String key, String value) {
    sb.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  private static String num(@Nullable Double v) {
    return "<td class=\"num\">"
        + (v == null ? "-" : String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v))
        + "</td>";
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(ch);
      }
    }
    return sb.toString();
  }
}
