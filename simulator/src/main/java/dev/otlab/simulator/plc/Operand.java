package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import org.jspecify.annotations.Nullable;

/**
 * A block parameter: a constant or a tag of the controller's own image, read at every scan.
 *
 * @param constant the value when {@code tag} is null
 * @param tag the tag to read, or null for a constant
 */
public record Operand(double constant, @Nullable String tag) {

  /** Parses a parameter: a number, or a tag that must exist in {@code image}. */
  public static Operand parse(String block, String name, String text, ControllerEndpoint image) {
    try {
      double v = Double.parseDouble(text.trim());
      if (!Double.isFinite(v)) {
        throw new OtlabException(
            "BLOCK_PARAM_INVALID",
            block + "." + name + ": " + text + " is not a finite number.",
            "Give a finite number or the tag of a point of this controller.");
      }
      return new Operand(v, null);
    } catch (NumberFormatException e) {
      return new Operand(0, requireTag(block, name, text, image));
    }
  }

  /** Checks that {@code text} names a point of {@code image}. */
  public static String requireTag(
      String block, String name, String text, ControllerEndpoint image) {
    String tag = text.trim();
    if (image.point(tag).isEmpty()) {
      throw new OtlabException(
          "BLOCK_PARAM_INVALID",
          block
              + "."
              + name
              + ": '"
              + tag
              + "' is neither a number nor a tag of '"
              + image.id()
              + "'.",
          "Use a number or one of the controller's tags: "
              + image.points().stream().map(PointSpec::tag).toList()
              + ".");
    }
    return tag;
  }

  public double value(ProcessImage image) {
    return tag == null ? constant : image.get(tag);
  }
}
