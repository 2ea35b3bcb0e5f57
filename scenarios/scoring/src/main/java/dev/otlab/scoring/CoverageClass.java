package dev.otlab.scoring;

import org.jspecify.annotations.Nullable;

/**
 * How the defence fared against one attack step, and by extension against a technique: from the
 * defender's best case (the step never succeeded) to the worst (it succeeded and nothing saw it).
 * Detection alone is never full coverage: a step that succeeded is at best {@link
 * #DETECTED_BEFORE_IMPACT}, scored 50 and coloured yellow, so a technique that worked is never
 * green at 100.
 *
 * <p>Precedence: the constants are declared from best to worst, and a technique met several times
 * (several steps, scenarios or seeds) takes the worst class of its step instances ({@link #worst}).
 * An attacker picks the path that works, so one instance that got through unseen is what the
 * technique's row must show, whatever the other instances did; the counts per class and the mean
 * {@link #score} keep the rest of the picture.
 */
public enum CoverageClass {
  /** Every attempt was blocked by a conduit or failed on the device or posture. */
  PREVENTED(100, "#8ec843"),
  /**
   * It succeeded, and a true alert linked to it came no later than the run's impact (or the run had
   * no impact): operators had a chance to act.
   */
  DETECTED_BEFORE_IMPACT(50, "#ffe766"),
  /** It succeeded and was seen, but only after the impact: useful for response, not prevention. */
  DETECTED_AFTER_IMPACT(25, "#ffb366"),
  /** It succeeded and no alert was linked to it. */
  SUCCEEDED_UNSEEN(0, "#ff6666");

  private final int score;
  private final String colour;

  CoverageClass(int score, String colour) {
    this.score = score;
    this.colour = colour;
  }

  /** Value of one step instance in the class, 0 to 100; a technique scores their mean. */
  public int score() {
    return score;
  }

  /** Colour of the class in the ATT&amp;CK Navigator layer and the dashboard's matrix. */
  public String colour() {
    return colour;
  }

  /** Words for tables and layer comments: {@code detected before impact}. */
  public String words() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** The class of the two that ranks worse for the defender (the later constant). */
  public static CoverageClass worst(CoverageClass a, CoverageClass b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /**
   * The class of one step instance.
   *
   * @param succeeded whether any attempt of it succeeded
   * @param detectedAt first true alert linked to it, or null
   * @param impactTime the run's impact time ({@link Scorecard.Impact#impactTime()}), or null
   */
  public static CoverageClass of(
      boolean succeeded, @Nullable Double detectedAt, @Nullable Double impactTime) {
    if (!succeeded) {
      return PREVENTED;
    }
    if (detectedAt == null) {
      return SUCCEEDED_UNSEEN;
    }
    return impactTime == null || detectedAt <= impactTime
        ? DETECTED_BEFORE_IMPACT
        : DETECTED_AFTER_IMPACT;
  }
}
