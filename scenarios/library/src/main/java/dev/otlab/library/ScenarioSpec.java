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
 * @param foothold the first foothold's id: an entry point name such as {@code
 *     enterprise-workstation}, a host selector ({@code role:engineering-ws}), or a host attached
 *     for the run
 * @param durationSeconds simulated run time
 * @param steps steps in file order
 * @param objective what the attacker wants
 * @param expected expected verdicts per architecture id
 * @param maintenance the declared maintenance window, in which the engineering workstation
 *     downloads its program legitimately, or null for none
 * @param footholds where the attacker starts, first the one steps without {@code from} act from;
 *     each moves on its own when its steps pivot
 * @param credentials accounts the attacker holds from the start (phished, bought, found)
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
    @Nullable Window maintenance,
    List<Foothold> footholds,
    List<Grant> credentials) {

  public ScenarioSpec {
    steps = List.copyOf(steps);
    expected = Map.copyOf(expected);
    footholds = footholds.isEmpty() ? List.of(Foothold.entry(foothold)) : List.copyOf(footholds);
    if (!footholds.get(0).id().equals(foothold)) {
      throw new IllegalArgumentException(
          "foothold '" + foothold + "' is not the first of " + footholds);
    }
    credentials = List.copyOf(credentials);
  }

  /** A scenario that starts from one entry point and holds no credentials. */
  public ScenarioSpec(
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
    this(
        id,
        title,
        description,
        plant,
        foothold,
        durationSeconds,
        steps,
        objective,
        expected,
        maintenance,
        List.of(),
        List.of());
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

  /**
   * Where an attacker starts.
   *
   * @param id what steps name it by ({@code from}); for an entry point or a selector, that text
   * @param at an entry point name ({@code enterprise-workstation}) or a host selector ({@code
   *     host:eng-ws}, {@code role:engineering-ws}, {@code plc:plc-dosing}); null for an attached
   *     host
   * @param attach for a host brought in for the run (a rogue laptop, a vendor's laptop on the VPN):
   *     where it is plugged in, a zone ({@code zone:control}) or the zone of a host selector
   *     ({@code role:hmi}); null otherwise
   * @param how how the attacker got there: {@code phished}, {@code rogue-device}, {@code
   *     vendor-laptop}, {@code removable-media}, {@code supply-chain}, {@code insider}; null when
   *     the scenario does not say
   */
  public record Foothold(
      String id, @Nullable String at, @Nullable String attach, @Nullable String how) {

    /** The ways in the library knows; an attached vendor laptop gets the vendor-remote role. */
    public static final List<String> HOWS =
        List.of(
            "phished",
            "rogue-device",
            "vendor-laptop",
            "removable-media",
            "supply-chain",
            "insider",
            "internet-exposed");

    public Foothold {
      if ((at == null) == (attach == null)) {
        throw new IllegalArgumentException(id + ": a foothold is either at a host or attached");
      }
      if (how != null && !HOWS.contains(how)) {
        throw new IllegalArgumentException(id + ": '" + how + "' is not one of " + HOWS);
      }
    }

    /** A foothold on the host an architecture maps the entry point (or selector) to. */
    public static Foothold entry(String nameOrSelector) {
      return new Foothold(nameOrSelector, nameOrSelector, null, null);
    }

    public boolean attached() {
      return attach != null;
    }
  }

  /**
   * An account the attacker holds from the start.
   *
   * @param account account id, as architectures declare them; an architecture without it gives the
   *     attacker nothing to use it on
   * @param how {@code phished}, {@code bought} or {@code found}
   */
  public record Grant(String account, String how) {
    public static final List<String> HOWS = List.of("phished", "bought", "found");

    public Grant {
      if (!HOWS.contains(how)) {
        throw new IllegalArgumentException(account + ": '" + how + "' is not one of " + HOWS);
      }
    }
  }

  /**
   * The maintenance window: a span of simulated time, {@code from} before {@code to}.
   *
   * @param downloads whether the engineering workstation downloads its program in it (false for a
   *     window that is the vendor's remote sessions alone)
   */
  public record Window(double from, double to, boolean downloads) {
    public Window {
      if (!(from >= 0) || !(to > from)) {
        throw new IllegalArgumentException("window " + from + ".." + to + " is empty");
      }
    }

    /** A window in which the engineering workstation downloads its program. */
    public Window(double from, double to) {
      this(from, to, true);
    }
  }

  /**
   * One step.
   *
   * @param id step id
   * @param technique ATT&CK for ICS technique id
   * @param params parameters; {@code target} is a scenario-level name
   * @param trigger when it runs
   * @param from the foothold that acts, by id; null for the first
   */
  public record Step(
      String id,
      String technique,
      Map<String, String> params,
      Trigger trigger,
      @Nullable String from) {
    public Step {
      params = Map.copyOf(params);
    }

    /** A step the first foothold acts in. */
    public Step(String id, String technique, Map<String, String> params, Trigger trigger) {
      this(id, technique, params, trigger, null);
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
