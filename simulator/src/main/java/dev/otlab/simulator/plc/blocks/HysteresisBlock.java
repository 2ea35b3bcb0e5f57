package dev.otlab.simulator.plc.blocks;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.ControlBlockFactory;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.Operand;
import dev.otlab.simulator.plc.ProcessImage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * On/off level control with a dead band: in {@code fill} action the output switches on at or below
 * {@code low} and off at or above {@code high}; {@code drain} is the mirror image. Between the
 * limits the output holds, which is what keeps a pump from chattering.
 */
public final class HysteresisBlock implements ControlBlock {

  private final String level;
  private final String output;
  private final Operand low;
  private final Operand high;
  private final boolean fill;
  private final @Nullable String auto;

  HysteresisBlock(
      String level, String output, Operand low, Operand high, boolean fill, @Nullable String auto) {
    this.level = level;
    this.output = output;
    this.low = low;
    this.high = high;
    this.fill = fill;
    this.auto = auto;
  }

  @Override
  public String type() {
    return "hysteresis";
  }

  @Override
  public void scan(ProcessImage image, double dt) {
    if (auto != null && image.get(auto) == 0) {
      return;
    }
    double pv = image.get(level);
    if (pv <= low.value(image)) {
      image.set(output, fill ? 1 : 0);
    } else if (pv >= high.value(image)) {
      image.set(output, fill ? 0 : 1);
    }
  }

  @Override
  public List<String> outputs() {
    return List.of(output);
  }

  @Override
  public Optional<String> autoTag() {
    return Optional.ofNullable(auto);
  }

  /** Service provider for {@code type: hysteresis}. */
  public static final class Factory implements ControlBlockFactory {
    @Override
    public String type() {
      return "hysteresis";
    }

    @Override
    public Set<String> required() {
      return Set.of("level", "output", "low", "high");
    }

    @Override
    public Set<String> optional() {
      return Set.of("action", "auto");
    }

    @Override
    public ControlBlock create(BlockSpec spec, ControllerEndpoint image) {
      var p = spec.params();
      String action = p.getOrDefault("action", "fill");
      if (!action.equals("fill") && !action.equals("drain")) {
        throw Blocks.invalid("hysteresis.action", "'" + action + "'", "Use fill or drain.");
      }
      return new HysteresisBlock(
          Operand.requireTag("hysteresis", "level", p.get("level"), image),
          Blocks.writableTag("hysteresis", "output", p.get("output"), image),
          Operand.parse("hysteresis", "low", p.get("low"), image),
          Operand.parse("hysteresis", "high", p.get("high"), image),
          action.equals("fill"),
          p.containsKey("auto")
              ? Operand.requireTag("hysteresis", "auto", p.get("auto"), image)
              : null);
    }
  }
}
