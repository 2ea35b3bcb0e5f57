package dev.otlab.lab;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a run decided about its objective: reached at a time, prevented at a named step for a named
 * reason, or still undecided when the run hit its horizon. Only {@link Prevented} earns prevention
 * credit; a run that merely ran out of time is {@link Undecided}, never a defence. {@link
 * OutcomeRule} decides which.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RunOutcome.Reached.class, name = "REACHED"),
  @JsonSubTypes.Type(value = RunOutcome.Prevented.class, name = "PREVENTED"),
  @JsonSubTypes.Type(value = RunOutcome.Undecided.class, name = "UNDECIDED")
})
public sealed interface RunOutcome {

  /** {@code REACHED}, {@code PREVENTED} or {@code UNDECIDED}, as the JSON {@code kind} says. */
  default String label() {
    if (this instanceof Reached) {
      return "REACHED";
    }
    return this instanceof Prevented ? "PREVENTED" : "UNDECIDED";
  }

  /** One line for tables and the CLI. */
  String text();

  /**
   * The objective was reached.
   *
   * @param time when (simulated seconds)
   * @param pastLength whether that was after the scenario's length, in the run-on
   */
  record Reached(double time, boolean pastLength) implements RunOutcome {
    @Override
    public String text() {
      return String.format(
          Locale.ROOT,
          "REACHED at t=%.1f s%s",
          time,
          pastLength ? " (after the scenario's length)" : "");
    }
  }

  /** Why the chain broke. */
  enum Cause {
    /** A conduit denied the step (or the architecture offered no entry point). */
    BLOCKED,
    /** The step ran and failed at its target (refused, no such host, I/O). */
    FAILED,
    /** The step never ran: its trigger never fired because an earlier step broke. */
    NOT_RUN,
    /** Every step played; the safety system tripped and the process settled short of the limit. */
    SIS_TRIPPED,
    /** Every step played; the process settled or moved away short of the limit. */
    SETTLED
  }

  /**
   * The objective was not reached and cannot be any more: the chain broke at a step, or every step
   * played and the process settled short of the limit.
   *
   * @param step the step where the chain broke, or null when every step played
   * @param cause why
   * @param conduit the conduit that denied it, for {@link Cause#BLOCKED}
   * @param rule the rule that denied it (null: default deny or no rule)
   * @param reason in words, as the run trace says it
   * @param decidedAt when the run decided (simulated seconds)
   */
  record Prevented(
      @Nullable String step,
      Cause cause,
      @Nullable String conduit,
      @Nullable String rule,
      String reason,
      double decidedAt)
      implements RunOutcome {
    @Override
    public String text() {
      String where =
          switch (cause) {
            case BLOCKED ->
                "perimeter".equals(conduit)
                    ? "blocked at " + step + ": no way in"
                    : "blocked at "
                        + step
                        + " by "
                        + conduit
                        + (rule == null ? " (default deny)" : "/" + rule);
            case FAILED -> "failed at " + step;
            case NOT_RUN -> "chain ended before " + step;
            case SIS_TRIPPED -> "SIS tripped";
            case SETTLED -> "process settled";
          };
      return "PREVENTED, " + where + ": " + reason;
    }
  }

  /**
   * The run hit its horizon with the objective still open.
   *
   * @param horizon where the run stopped (simulated seconds)
   * @param tag the objective's tag, or null for a step objective
   * @param value its last value
   * @param limit the limit it must cross, or null
   * @param projectedTime when a straight line through the last window's values meets the limit, or
   *     null when that line does not head towards it
   * @param reason in words
   */
  record Undecided(
      double horizon,
      @Nullable String tag,
      @Nullable Double value,
      @Nullable Double limit,
      @Nullable Double projectedTime,
      String reason)
      implements RunOutcome {
    @Override
    public String text() {
      String projection =
          projectedTime == null
              ? ""
              : String.format(Locale.ROOT, ", trend meets the limit at t=%.0f s", projectedTime);
      return String.format(Locale.ROOT, "UNDECIDED at the %.0f s horizon", horizon)
          + projection
          + ": "
          + reason;
    }
  }
}
