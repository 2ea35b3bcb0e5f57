package dev.otlab.process.units;

import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.units.UnitKind.UnitParameter;
import java.util.List;

/**
 * Helpers the unit kinds share: parameter shorthands and the geometry of vessels.
 *
 * <p>A vessel integrates its level and needs its free-surface area A(h) (for dh/dt = net flow /
 * A(h)) and its volume V(h) (for mixing). A horizontal cylinder and a sphere have no area at the
 * very bottom and top, where dh/dt would be infinite, so the area is held at 1 % of the largest one
 * there; the level moves fast but finitely through the last millimetres, as the integrator needs.
 */
final class Shapes {

  /** Gravitational acceleration, as DrainingTankModel takes it. */
  static final String G = "9.81[m/s^2]";

  static final String VERTICAL = "vertical-cylinder";
  static final String HORIZONTAL = "horizontal-cylinder";
  static final String SPHERE = "sphere";
  static final String CUSTOM = "custom";

  static final List<String> ALL = List.of(VERTICAL, HORIZONTAL, SPHERE, CUSTOM);

  private Shapes() {}

  static UnitParameter p(String name, double value, Constraint c, String unit, String meaning) {
    return new UnitParameter(name, value, unit, meaning, c);
  }

  static UnitParameter p(String name, String value, Constraint c, String unit, String meaning) {
    return new UnitParameter(name, value, unit, meaning, c);
  }

  /** The free-surface area at level {@code h} (a template). */
  static String area(UnitContext u, String shape, String h) {
    return switch (shape) {
      case VERTICAL -> "{area}";
      case HORIZONTAL ->
          "max(2 * {length} * sqrt(pos("
              + h
              + " * ({diameter} - "
              + h
              + "))),"
              + " 0.01 * {length} * {diameter})";
      case SPHERE ->
          "max(3.141592653589793 * "
              + h
              + " * pos({diameter} - "
              + h
              + "),"
              + " 0.01 * 3.141592653589793 / 4 * {diameter}^2)";
      default -> custom(u, "area", h);
    };
  }

  /** The liquid volume at level {@code h} (a template). */
  static String volume(UnitContext u, String shape, String h) {
    return switch (shape) {
      case VERTICAL -> "{area} * " + h;
      case HORIZONTAL ->
          "{length} * (({diameter} / 2)^2 * acos(clamp(1 - 2 * "
              + h
              + " / {diameter}, -1, 1))"
              + " - ({diameter} / 2 - "
              + h
              + ") * sqrt(pos("
              + h
              + " * ({diameter} - "
              + h
              + "))))";
      case SPHERE -> "3.141592653589793 * " + h + "^2 * (1.5 * {diameter} - " + h + ") / 3";
      default -> custom(u, "volume", h);
    };
  }

  /** The rim: the height for a vertical or custom shape, the diameter otherwise. */
  static String rim(String shape) {
    return shape.equals(HORIZONTAL) || shape.equals(SPHERE) ? "{diameter}" : "{height}";
  }

  /** A plant author's area or volume expression, with {@code level} standing for the level. */
  private static String custom(UnitContext u, String option, String h) {
    String text = u.option(option);
    if (text.isBlank()) {
      throw UnitPlant.invalid(
          "Unit '" + u.id() + "' has the custom shape but no '" + option + "' expression.",
          "Give options "
              + option
              + ": an expression of level, for example area: \"2[m^2] + 0.5[m] * level\" and"
              + " volume: \"2[m^2] * level + 0.25[m] * level^2\" (the volume is the integral of"
              + " the area).");
    }
    return "(" + text.replaceAll("\\blevel\\b", java.util.regex.Matcher.quoteReplacement(h)) + ")";
  }
}
