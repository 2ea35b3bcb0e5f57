package dev.otlab.scoring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The technique part of the ATT&amp;CK Navigator layer (format 4.5): per technique its score, the
 * colour of its {@link CoverageClass} (set explicitly, so a technique that succeeded is never
 * painted by the score gradient's green end), metadata with the counts per class, and a legend of
 * the four classes.
 */
final class NavigatorLayer {

  private NavigatorLayer() {}

  static void addTechniques(ObjectNode root, List<TechniqueCoverage> coverage) {
    ArrayNode techniques = root.putArray("techniques");
    for (TechniqueCoverage c : coverage) {
      ObjectNode t = techniques.addObject();
      t.put("techniqueID", c.technique());
      t.put("score", c.score());
      t.put("color", c.coverageClass().colour());
      t.put("enabled", true);
      t.put("comment", comment(c));
      ArrayNode metadata = t.putArray("metadata");
      metadata.addObject().put("name", "coverage").put("value", c.coverageClass().words());
      metadata
          .addObject()
          .put("name", "step instances")
          .put(
              "value",
              String.format(
                  Locale.ROOT,
                  "%d (%d attempts): %d prevented, %d detected before impact,"
                      + " %d detected after impact, %d succeeded unseen",
                  c.ran(),
                  c.attempts(),
                  c.prevented(),
                  c.detectedBeforeImpact(),
                  c.detectedAfterImpact(),
                  c.succeededUnseen()));
    }
    ObjectNode gradient = root.putObject("gradient");
    gradient.putArray("colors").add("#ff6666").add("#ffe766").add("#8ec843");
    gradient.put("minValue", 0);
    gradient.put("maxValue", 100);
    ArrayNode legend = root.putArray("legendItems");
    for (CoverageClass k : CoverageClass.values()) {
      legend.addObject().put("label", k.words()).put("color", k.colour());
    }
  }

  /** What happened to the technique, in words: class, counts, where stopped, what saw it. */
  static String comment(TechniqueCoverage c) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: %s. %d step instance(s) (%d attempt(s)): %d prevented, %d detected before"
                    + " impact, %d detected after impact, %d succeeded unseen.",
                c.name(),
                c.coverageClass().words(),
                c.ran(),
                c.attempts(),
                c.prevented(),
                c.detectedBeforeImpact(),
                c.detectedAfterImpact(),
                c.succeededUnseen()));
    if (!c.stoppedAt().isEmpty()) {
      sb.append(" Stopped at: ");
      List<String> where =
          c.stoppedAt().entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + " x" + e.getValue())
              .toList();
      sb.append(String.join("; ", where)).append('.');
    }
    if (!c.detectedBy().isEmpty()) {
      sb.append(" Detected by: ").append(String.join(", ", c.detectedBy())).append('.');
    }
    sb.append(" Scenarios: ").append(String.join(", ", c.scenarios())).append('.');
    return sb.toString();
  }
}
