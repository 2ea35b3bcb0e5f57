package dev.otlab.lab;

import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Alerts judged while a run plays, for whoever must see them live: {@link ScenarioRun} keeps one
 * per run, whose alerts it tells its defenders and, labelled, an observer that wants them (the
 * dashboard's live view). It is fed the sensed protocol events and the firewall log lines as they
 * arrive (from any thread) and, asked to judge up to a simulated time, feeds a {@link
 * DetectionEngine} everything that arrived up to then in the final judgement's order ({@link
 * GroundTruth#SENSOR_ORDER}, {@link GroundTruth#LOG_ORDER}, a firewall line before the event at the
 * same instant, as {@link ScenarioRun#detect} does) and returns the alerts raised since the last
 * judgement. So live alerts are the final ones wherever the events had arrived in time: a run
 * judges one simulated second behind its clock, and the embedded lab reports every event on the
 * thread that caused it, before the clock moves on.
 *
 * <p>An item that arrives after its second was judged is too late for the live view and is left out
 * of it (the final judgement on the whole trace still sees it). The ground truth of what was fed is
 * kept ({@link #truth()}) for views that may show it, such as the trainer's; a defender gets alerts
 * without it.
 */
public final class LiveAlerts {

  private final DetectionEngine engine;
  private final GroundTruth truth = new GroundTruth();
  private final List<RunTrace.LabelledEvent> pending = new ArrayList<>();
  private final List<RunTrace.LabelledRecord> pendingLog = new ArrayList<>();
  private final Set<String> sent = new HashSet<>();
  private double fedUpTo;

  public LiveAlerts(DetectionProfile profile, PlantSpec plant, ArchitectureSpec architecture) {
    this.engine = new DetectionEngine(profile, plant, architecture, null);
  }

  /** A protocol event as it is reported; one no sensor saw is ignored. Any thread. */
  public void event(RunTrace.LabelledEvent e) {
    if (e.sensed()) {
      synchronized (pending) {
        pending.add(e);
      }
    }
  }

  /** A line a conduit logged to the SOC, as it is logged. Any thread. */
  public void firewall(RunTrace.LabelledRecord r) {
    synchronized (pending) {
      pendingLog.add(r);
    }
  }

  /**
   * Feeds the engine everything that arrived with a time up to {@code until}, advances it there and
   * returns the alerts raised since the last call, in the order they were raised. One thread at a
   * time (the run's clock thread, or the observer that samples).
   */
  public synchronized List<Alert> judge(double until) {
    if (until <= fedUpTo) {
      return List.of();
    }
    List<RunTrace.LabelledEvent> ready = new ArrayList<>();
    List<RunTrace.LabelledRecord> logged = new ArrayList<>();
    synchronized (pending) {
      pending.removeIf(
          e -> {
            if (e.event().time() <= until) {
              ready.add(e);
              return true;
            }
            return false;
          });
      pendingLog.removeIf(
          r -> {
            if (r.record().time() <= until) {
              logged.add(r);
              return true;
            }
            return false;
          });
    }
    ready.sort(GroundTruth.SENSOR_ORDER);
    logged.sort(GroundTruth.LOG_ORDER);
    int next = 0;
    for (RunTrace.LabelledEvent e : ready) {
      for (; next < logged.size() && logged.get(next).record().time() <= e.event().time(); next++) {
        feed(logged.get(next));
      }
      if (e.event().time() < fedUpTo) {
        // Arrived after its second was judged: too late for the live view.
        continue;
      }
      engine.accept(e.event());
      truth.remember(e);
    }
    for (; next < logged.size(); next++) {
      feed(logged.get(next));
    }
    engine.advanceTo(until);
    fedUpTo = until;
    List<Alert> fresh = new ArrayList<>();
    for (Alert a : engine.alerts()) {
      if (sent.add(a.id())) {
        fresh.add(a);
      }
    }
    return fresh;
  }

  private void feed(RunTrace.LabelledRecord r) {
    if (r.record().time() >= fedUpTo) {
      engine.accept(r.record());
      truth.remember(r);
    }
  }

  /** How far the alerts have been judged, in simulated seconds. */
  public synchronized double judgedUpTo() {
    return fedUpTo;
  }

  /**
   * The ground truth of everything fed so far, to label live alerts where a view may show labels
   * (the trainer's, the analyst's replay); never handed to a defender. Read it on the thread that
   * judges, between judgements.
   */
  public GroundTruth truth() {
    return truth;
  }
}
