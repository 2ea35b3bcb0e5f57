package dev.otlab.detection;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One alert, after cooldown and deduplication: a flood is one alert with a count, not thousands.
 *
 * @param id unique within a run ({@code A-0001}), in the order alerts were raised
 * @param time simulated seconds of the first event or sample that triggered it
 * @param lastTime simulated seconds of the last event folded into it
 * @param detector detector family: {@code rules}, {@code firewall}, {@code baseline}, {@code
 *     process} or {@code availability}
 * @param rule rule or check id within the detector
 * @param severity how urgent
 * @param techniques ATT&amp;CK for ICS technique ids the rule is tagged with (may be empty)
 * @param sourceHost host that sent the traffic, or null for process-aware alerts without one
 * @param destinationHost host it went to (or the controller whose values are implausible), or null
 * @param summary one line for a person
 * @param count how many triggering observations were folded into this alert (at least 1)
 * @param evidence what triggered it, first ones first (bounded, so a flood stays small)
 */
public record Alert(
    String id,
    double time,
    double lastTime,
    String detector,
    String rule,
    AlertSeverity severity,
    List<String> techniques,
    @Nullable String sourceHost,
    @Nullable String destinationHost,
    String summary,
    int count,
    List<Evidence> evidence) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(summary, "summary");
    techniques = List.copyOf(techniques);
    evidence = List.copyOf(evidence);
    if (count < 1) {
      throw new IllegalArgumentException("alert " + id + ": count must be at least 1");
    }
    if (lastTime < time) {
      throw new IllegalArgumentException("alert " + id + ": lastTime before time");
    }
  }

  /**
   * One observation behind an alert.
   *
   * @param time simulated seconds
   * @param kind {@code event} (a protocol event), {@code firewall} (a line of a conduit's log) or
   *     {@code sample} (process values)
   * @param connection the event's or log line's connection id, or null for a sample
   * @param description what was seen, in words ({@code FC16 WRITE_MULTIPLE_REGISTERS 40001 x2 by
   *     attacker-ws})
   */
  public record Evidence(
      double time, String kind, @Nullable String connection, String description) {}
}
