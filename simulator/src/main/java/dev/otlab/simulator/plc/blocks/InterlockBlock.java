package dev.otlab.simulator.plc.blocks;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.ControlBlockFactory;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.Operand;
import dev.otlab.simulator.plc.ProcessImage;
import java.util.List;
import java.util.Set;

/**
 * Forces an output to a safe value while a condition holds (input below or above a limit). Placed
 * after the regulating blocks of a program, it has the last word in the scan; the pump dry-run
 * interlock is one.
 */
public final class InterlockBlock implements ControlBlock {

  private final String input;
  private final Operand limit;
  private final boolean below;
  private final String output;
  private final double value;

  InterlockBlock(String input, Operand limit, boolean below, String output, double value) {
    this.input = input;
    this.limit = limit;
    this.below = below;
    this.output = output;
    this.value = value;
  }

  @Override
  public String type() {
    return "interlock";
  }

  @Override
  public void scan(ProcessImage image, double dt) {
    double v = image.get(input);
    double l = limit.value(image);
    if (below ? v < l : v > l) {
      image.set(output, value);
    }
  }

  @Override
  public List<String> outputs() {
    return List.of(output);
  }

  /** Service provider for {@code type: interlock}. */
  public static final class Factory implements ControlBlockFactory {
    @Override
    public String type() {
      return "interlock";
    }

    @Override
    public Set<String> required() {
      return Set.of("input", "output");
    }

    @Override
    public Set<String> optional() {
      return Set.of("below", "above", "value");
    }

    @Override
    public ControlBlock create(BlockSpec spec, ControllerEndpoint image) {
      var p = spec.params();
      if (p.containsKey("below") == p.containsKey("above")) {
        throw Blocks.invalid(
            "interlock",
            "a condition with both or neither of below/above",
            "Give exactly one of below or above.");
      }
      boolean below = p.containsKey("below");
      return new InterlockBlock(
          Operand.requireTag("interlock", "input", p.get("input"), image),
          Operand.parse(
              "interlock", below ? "below" : "above", p.get(below ? "below" : "above"), image),
          below,
          Blocks.writableTag("interlock", "output", p.get("output"), image),
          p.containsKey("value") ? Blocks.number("interlock", "value", p.get("value")) : 0);
    }
  }
}
