package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import java.util.Map;

/**
 * A control block as configured in a plant file: its type and its parameters. A parameter value is
 * either a number or the tag of a point in the same controller, so tuning constants can live in
 * writable registers (and be attacked there).
 *
 * @param type block type, resolved through {@link ControlBlockFactory}
 * @param params parameter name to number or tag
 */
public record BlockSpec(String type, Map<String, String> params) {

  public BlockSpec {
    if (type == null || type.isBlank()) {
      throw new OtlabException(
          "BLOCK_INVALID", "A control block has no type.", "Give every logic block a type.");
    }
    params = Map.copyOf(params);
  }
}
