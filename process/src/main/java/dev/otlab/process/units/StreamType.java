package dev.otlab.process.units;

import java.util.List;

/**
 * What a stream carries. Two ports can be joined only if they carry the same type; the quantities
 * are the names a stream's variables end in.
 */
public enum StreamType {
  /**
   * A liquid: volumetric flow ({@code _flow}, m³/h), temperature ({@code _temp}, K), the mass flow
   * of the dissolved component ({@code _solute}, g/h) and pressure ({@code _pressure}, bar gauge).
   */
  LIQUID(
      List.of(
          new Quantity("flow", "m^3/h"),
          new Quantity("temp", "K"),
          new Quantity("solute", "g/h"),
          new Quantity("pressure", "bar"))),
  /** Heat: a heat flow ({@code _flow}, kW), from a burner to a drum for example. */
  HEAT(List.of(new Quantity("flow", "kW")));

  /** One variable of a stream: the suffix of its name and its declared unit. */
  public record Quantity(String suffix, String unit) {}

  private final List<Quantity> quantities;

  StreamType(List<Quantity> quantities) {
    this.quantities = quantities;
  }

  /** The quantities, flow first. */
  public List<Quantity> quantities() {
    return quantities;
  }

  /** The name as plant files and messages write it. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
