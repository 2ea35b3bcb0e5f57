package dev.otlab.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.otlab.scoring.BenignTwin;
import dev.otlab.scoring.ResponseScore;
import dev.otlab.scoring.Scorecard;

/** What a unit produced; serialises to JSON and back exactly (a store keeps it as text). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = UnitResult.TwinResult.class, name = "twin"),
  @JsonSubTypes.Type(value = UnitResult.DefendedTwinResult.class, name = "defended-twin"),
  @JsonSubTypes.Type(value = UnitResult.PlayResult.class, name = "play")
})
public sealed interface UnitResult {

  /** Simulated time the unit played. */
  double simulatedSeconds();

  /**
   * A benign twin, compact.
   *
   * @param twin what scoring compares runs with
   * @param simulatedSeconds the twin's duration
   */
  record TwinResult(BenignTwin twin, double simulatedSeconds) implements UnitResult {}

  /**
   * A defended twin.
   *
   * @param alarms the playbooks' responses to benign operations
   * @param simulatedSeconds the twin's duration
   */
  record DefendedTwinResult(ResponseScore.FalseAlarms alarms, double simulatedSeconds)
      implements UnitResult {}

  /**
   * A scored play. Its simulated time is kept in two parts since an evaluation adds them one at a
   * time, and floating-point sums are exact only in the same order.
   *
   * @param card the scorecard (defended: with its response part)
   * @param playedSeconds how far the (defended) run played
   * @param undefendedSeconds how far the undefended run of a defended configuration played, else 0
   */
  record PlayResult(Scorecard card, double playedSeconds, double undefendedSeconds)
      implements UnitResult {
    @Override
    @JsonIgnore
    public double simulatedSeconds() {
      return playedSeconds + undefendedSeconds;
    }
  }

  /** This result as JSON. */
  default String toJson() {
    return Json.write(this);
  }

  /** A result from {@link #toJson}, equal to the one written. */
  static UnitResult fromJson(String json) {
    return Json.read(json, UnitResult.class, "a unit result");
  }
}
