package dev.otlab.dashboard.jobs;

import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Interval;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.TechniqueCoverage;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The printable report of an evaluation: one self-contained HTML page (no scripts, no outside
 * resources) that prints on A4 and reads without colour: every state is also a word.
 */
public final class Report {
  private Report() {}

  public static String html(Evaluation e) {
    StringBuilder sb = new StringBuilder();
    String title =
        "otlab evaluation: "
            + e.architecture()
            + (e.detectionProfile() == null ? "" : " + " + e.detectionProfile())
            + ", suite "
            + e.suite();
    sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(
            "body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}"
                + "table{border-collapse:collapse;width:100%;margin:1em 0}"
                + "th,td{border:1px solid #888;padding:.25em .5em;text-align:left;vertical-align:top}"
                + "th{background:#eee}.num{text-align:right}"
                + "@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}")
        .append("</style></head><body>");
    sb.append("<h1>").append(esc(title)).append("</h1>");
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
          .append(esc(t.stoppedAt().toString()))
          .append("</td><td>")
          .append(esc(String.join(", ", t.detectedBy())))
          .append("</td></tr>");
    }
    sb.append("</table>");

    sb.append("<h2>Static findings</h2>");
    if (e.findings().isEmpty()) {
      sb.append("<p>None.</p>");
    } else {
      sb.append("<table><tr><th>severity</th><th>finding</th><th>fix</th></tr>");
      for (Evaluation.StaticFinding f : e.findings()) {
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
