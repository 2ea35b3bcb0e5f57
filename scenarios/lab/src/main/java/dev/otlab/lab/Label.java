package dev.otlab.lab;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who caused a protocol event: benign operations or an attack step. The lab knows it because it
 * drives both; sensors never see it. Alerts are judged against it ({@link GroundTruth}).
 */
public sealed interface Label permits Label.Benign, Label.Attack {

  /** Benign operations: the HMI, the historian, the engineering workstation. */
  Label BENIGN = new Benign();

  /** The attack step {@code step} (its id in the scenario). */
  static Label attack(String step) {
    return new Attack(step);
  }

  /** How traces and exports write it: {@code benign} or {@code attack:<step>}. */
  @JsonValue
  String text();

  /** Benign operations. */
  record Benign() implements Label {
    @Override
    @JsonValue
    public String text() {
      return "benign";
    }
  }

  /** An attack step, by its id. */
  record Attack(String step) implements Label {
    public Attack {
      if (step.isBlank()) {
        throw new IllegalArgumentException("an attack label names its step");
      }
    }

    @Override
    @JsonValue
    public String text() {
      return "attack:" + step;
    }
  }
}
