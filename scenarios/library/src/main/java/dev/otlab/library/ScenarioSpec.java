package dev.otlab.library;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An attack scenario, independent of any architecture: it starts from a named entry point and
 * targets controllers by their plant id ({@code plc:plc-intake}) and other hosts by role ({@code
 * role:jump-host}); each architecture says where those live.
 *
 * @param id scenario id
 * @param title human title
 * @param description what it does physically and what a defender should see
 * @param plant plant id
 * @param foothold entry point name, e.g. {@code enterprise-workstation}
 * @param durationSeconds simulated run time
 * @param steps steps in file order
 * @param objective what the attacker wants
 * @param expected expected verdicts per architecture id
 * @param maintenance the declared maintenance window, in which the engineering workstation
 *     downloads its program legitimately, or null for none
 */
public record ScenarioSpec(
    String id,
    String title,
    String description,
    String plant,
    String foothold,
    double durationSeconds,
    List<Step> steps,
    Objective objective,
    Map<String, Expectation> expected,
    @Nullable Window maintenance) {

  public ScenarioSpec {
    steps = List.copyOf(steps);
    expected = Map.copyOf(expected);
  }

  /** A scenario without a maintenance window. */
  public ScenarioSpec(
      String id,
      String title,
      String description,
      String plant,
      String foothold,
      double durationSeconds,
      List<Step> steps,
      Objective objective,
      Map<String, Expectation> expected) {
    this(
        id, title, description, plant, foothold, durationSeconds, steps, objective, expected, null);
  }

  /** A span of simulated time, {@code from} before {@code to}. */
  public record Window(double from, double to) {
    public Window {
      if (!(from >= 0) || !(to > from)) {
        throw new IllegalArgumentException("window " + from + ".." + to + " is empty");
      }
    }
  }

  /**
   * One step.
   *
   * @param id step id
   * @param technique ATT&CK for ICS technique id
   * @param params parameters; {@code target} is a scenario-level name
   * @param trigger when it runs
   */
  public record Step(String id, String technique, Map<String, String> params, Trigger trigger) {
    public Step {
      params = Map.copyOf(params);
    }
  }

  /**
   * When a step runs: at a time, after another step, or when a process tag crosses a value; with
   * optional repetition.
   *
   * @param at simulated second, or null
   * @param after step id, or null
   * @param afterSuccessOnly for {@code after}: only when that step succeeded
   * @param tag process tag watched, or null
   * @param above run when the tag is above this, or null
   * @param below run when the tag is below this, or null
   * @param repeatEvery repetition period in seconds, or null
   * @param repeatCount how many more times to repeat (0 = no repeat)
   */
  public record Trigger(
      @Nullable Double at,
      @Nullable String after,
      boolean afterSuccessOnly,
      @Nullable String tag,
      @Nullable Double above,
      @Nullable Double below,
      @Nullable Double repeatEvery,
      int repeatCount) {}

  /**
   * The attacker's goal: a safety limit crossed (physical) or a step succeeding (cyber).
   *
   * @param limitTag tag whose trip limit must be crossed, or null
   * @param limitHigh true for the high limit, false for the low one
   * @param step step whose success is the objective, or null
   * @param description in words
   */
  public record Objective(
      @Nullable String limitTag, boolean limitHigh, @Nullable String step, String description) {}

  /**
   * What a run on one architecture must show.
   *
   * @param objectiveReached whether the objective is reached
   * @param blockedAt conduit ids that must block at least one step (empty: no requirement)
   * @param detected technique ids true alerts must carry under the {@code full} detection profile
   */
  public record Expectation(
      boolean objectiveReached, List<String> blockedAt, List<String> detected) {
    public Expectation {
      blockedAt = List.copyOf(blockedAt);
      detected = List.copyOf(detected);
    }
  }
}
