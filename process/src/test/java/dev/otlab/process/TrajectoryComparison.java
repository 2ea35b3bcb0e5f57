package dev.otlab.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays one input schedule on two process simulations in the lab's windows and measures how far
 * their tags drift apart: the check that one plant written two ways (a Java model, an FMU, a model
 * declared as expressions) is the same plant. Either side may be an ODE or a stepped model; build
 * each with its limits and listeners, then compare.
 */
public final class TrajectoryComparison {

  /** An input written at a simulated time, before the window that starts there. */
  public record Change(double time, String tag, double value) {}

  /**
   * The largest absolute difference of each compared tag over all window ends, and when it
   * happened.
   */
  public record Result(Map<String, Double> maxDifference, Map<String, Double> worstTime) {

    public double maxDifference(String tag) {
      Double d = maxDifference.get(tag);
      if (d == null) {
        throw new IllegalArgumentException("tag " + tag + " was not compared");
      }
      return d;
    }
  }

  private TrajectoryComparison() {}

  /**
   * Advances both simulations to {@code duration} in windows of {@code window} seconds, writing
   * each change to both at its time, and compares {@code tags} after every window.
   */
  public static Result compare(
      ProcessSimulation reference,
      ProcessSimulation candidate,
      List<String> tags,
      List<Change> schedule,
      double duration,
      double window) {
    List<Change> pending = new ArrayList<>(schedule);
    pending.sort(Comparator.comparingDouble(Change::time));
    Map<String, Double> max = new LinkedHashMap<>();
    Map<String, Double> when = new LinkedHashMap<>();
    for (String tag : tags) {
      max.put(tag, 0.0);
      when.put(tag, 0.0);
    }
    long n = Math.round(duration / window);
    for (long i = 0; i < n; i++) {
      double start = i * window;
      while (!pending.isEmpty() && pending.get(0).time() <= start + 1e-9) {
        Change c = pending.remove(0);
        reference.setInput(c.tag(), c.value());
        candidate.setInput(c.tag(), c.value());
      }
      double end = (i + 1) * window;
      reference.advanceTo(end);
      candidate.advanceTo(end);
      for (String tag : tags) {
        double d = Math.abs(reference.value(tag) - candidate.value(tag));
        if (d > max.get(tag)) {
          max.put(tag, d);
          when.put(tag, end);
        }
      }
    }
    return new Result(Map.copyOf(max), Map.copyOf(when));
  }
}
