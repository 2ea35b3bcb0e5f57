package dev.otlab.lab;

import dev.otlab.detection.Alert;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Judges alerts against ground truth: which attack step, if any, an alert belongs to. Fed the
 * labelled events a detection engine was fed, in the same order, it remembers who caused what where
 * an alert's evidence points. The final judgement of a run and the dashboard's live view both judge
 * through this class, so they agree wherever they saw the same events.
 */
public final class GroundTruth {

  /**
   * The order sensed events are fed to detection in: simulated time, ties broken by content, so the
   * order does not depend on which relay thread reported first.
   */
  public static final Comparator<RunTrace.LabelledEvent> SENSOR_ORDER =
      Comparator.comparingDouble((RunTrace.LabelledEvent e) -> e.event().time())
          .thenComparing(e -> e.event().connection())
          .thenComparing(e -> e.event().operation())
          .thenComparingInt(e -> e.event().address())
          .thenComparing(e -> e.event().result())
          .thenComparing(e -> e.event().values().toString())
          .thenComparing(e -> e.label().text());

  /**
   * The order firewall log lines are fed to detection in: simulated time, ties broken by content.
   */
  public static final Comparator<RunTrace.LabelledRecord> LOG_ORDER =
      Comparator.comparingDouble((RunTrace.LabelledRecord r) -> r.record().time())
          .thenComparing(r -> r.record().connection())
          .thenComparing(r -> r.record().conduit())
          .thenComparing(r -> r.record().subject())
          .thenComparing(r -> r.label().text());

  /** Where an alert's evidence points: a connection at a simulated time. */
  private record Place(String connection, double time) {}

  private final Map<Place, Label> seen = new HashMap<>();

  /**
   * Notes a fed event's label under its connection and time; an attack label wins over a benign one
   * at the same place.
   */
  public void remember(RunTrace.LabelledEvent e) {
    seen.merge(
        new Place(e.event().connection(), e.event().time()),
        e.label(),
        (a, b) -> a instanceof Label.Attack ? a : b);
  }

  /** Notes a fed firewall log line's label under its connection and time, as {@link #remember}. */
  public void remember(RunTrace.LabelledRecord r) {
    seen.merge(
        new Place(r.record().connection(), r.record().time()),
        r.label(),
        (a, b) -> a instanceof Label.Attack ? a : b);
  }

  /**
   * The attack step an alert belongs to, or null for a false alert: the step of an attack-labelled
   * event among its evidence; for a process-aware alert (an effect, not a message), the latest step
   * of {@code steps} that started before it and was not blocked.
   */
  public @Nullable String attribute(Alert a, List<RunTrace.StepRecord> steps) {
    for (Alert.Evidence ev : a.evidence()) {
      if (seen.get(new Place(ev.connection(), ev.time())) instanceof Label.Attack attack) {
        return attack.step();
      }
    }
    String step = null;
    if (a.detector().equals("process")) {
      for (RunTrace.StepRecord s : steps) {
        if (s.start() <= a.time() && s.outcome() != RunTrace.Outcome.BLOCKED) {
          step = s.step();
        }
      }
    }
    return step;
  }
}
