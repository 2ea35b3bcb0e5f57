package dev.otlab.simulator.plc.blocks;

import dev.otlab.core.OtlabException;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.Operand;

/** Shared parameter checks for the built-in blocks. */
final class Blocks {
  private Blocks() {}

  static OtlabException invalid(String param, String what, String fix) {
    return new OtlabException("BLOCK_PARAM_INVALID", param + ": " + what + " is not allowed.", fix);
  }

  /** An output tag; it must exist (a block may drive read-only points such as a trip flag). */
  static String writableTag(String block, String name, String text, ControllerEndpoint image) {
    return Operand.requireTag(block, name, text, image);
  }

  static double number(String block, String name, String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw invalid(block + "." + name, "'" + text + "'", "Give a finite number.");
  }
}
