package dev.otlab.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;

/**
 * One task's work in a sweep. {@link #key()} is unique in a plan and stable from run to run (it is
 * what a store files the result under). {@link #phase()} is 1 for twins, which are played first,
 * and 2 for plays, which are scored against their twins.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = SweepUnit.Twin.class, name = "twin"),
  @JsonSubTypes.Type(value = SweepUnit.DefendedTwin.class, name = "defended-twin"),
  @JsonSubTypes.Type(value = SweepUnit.Play.class, name = "play")
})
public sealed interface SweepUnit {

  /** Unique in a plan, stable. */
  @JsonIgnore
  String key();

  /** 1 for twins, 2 for plays. */
  @JsonIgnore
  int phase();

  /** The seed the unit plays with. */
  long seed();

  /**
   * The benign twin of an architecture with one seed, played without detection or playbooks (it is
   * passive: detection only watches) for as long as the longest scenario it serves. Shared by every
   * configuration on that architecture whose suites need that length.
   *
   * @param architecture architecture name or path, as the sweep names it, or a variant's id
   * @param seed seed
   * @param durationSeconds how long it plays: the longest scenario of a suite on its plant
   */
  record Twin(String architecture, long seed, double durationSeconds) implements SweepUnit {
    @Override
    public String key() {
      return "twin:" + SweepConfig.part(architecture) + ":" + seed + ":" + seconds(durationSeconds);
    }

    @Override
    public int phase() {
      return 1;
    }
  }

  /**
   * The benign twin played with a defended configuration's detection and playbooks: its responses
   * are false alarms ({@link dev.otlab.scoring.ResponseScore.FalseAlarms}).
   *
   * @param config the defended configuration
   * @param seed seed
   * @param durationSeconds the longest scenario of the configuration's suite on its plant
   */
  record DefendedTwin(SweepConfig config, long seed, double durationSeconds) implements SweepUnit {
    @Override
    public String key() {
      return "defended-twin:" + config.key() + ":" + seed + ":" + seconds(durationSeconds);
    }

    @Override
    public int phase() {
      return 1;
    }
  }

  /**
   * One scenario with one seed in one configuration; in a defended configuration it plays
   * undefended, then defended, and is scored as {@link dev.otlab.scoring.Evaluator} scores it.
   *
   * @param config the configuration
   * @param scenario the scenario's id (one of its suite's scenarios for the architecture's plant)
   * @param seed seed
   */
  record Play(SweepConfig config, String scenario, long seed) implements SweepUnit {
    @Override
    public String key() {
      return "play:" + config.key() + ":" + scenario + ":" + seed;
    }

    @Override
    public int phase() {
      return 2;
    }
  }

  /** Seconds as plain decimal text without a trailing ".0" (600, 75.5): stable in keys. */
  private static String seconds(double s) {
    return BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
  }
}
