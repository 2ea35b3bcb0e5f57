package dev.otlab.simulator.plc.blocks;

import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.ControlBlockFactory;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.Operand;
import dev.otlab.simulator.plc.ProcessImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A weighted sum with limits: {@code output = clamp(bias + k1 in1 + k2 in2 + k3 in3 + k4 in4, min,
 * max)}. It is the summing junction of a function block diagram: a feedforward added to a
 * controller's output (a three-element drum level controller sets the feedwater flow to the steam
 * flow plus the level controller's trim), a ratio ({@code k1} alone), a difference ({@code k2 =
 * -1}). Over 0/1 flags clamped to [0, 1] it is also a permissive: {@code in1 + in2} is "either",
 * {@code in1 + in2 - 1} is "both".
 *
 * <p>In manual ({@code auto} tag 0) the block leaves its output alone.
 */
public final class SumBlock implements ControlBlock {

  private final String output;
  private final List<String> inputs;
  private final List<Operand> gains;
  private final Operand bias;
  private final Operand min;
  private final Operand max;
  private final @Nullable String auto;

  SumBlock(
      String output,
      List<String> inputs,
      List<Operand> gains,
      Operand bias,
      Operand min,
      Operand max,
      @Nullable String auto) {
    this.output = output;
    this.inputs = List.copyOf(inputs);
    this.gains = List.copyOf(gains);
    this.bias = bias;
    this.min = min;
    this.max = max;
    this.auto = auto;
  }

  @Override
  public String type() {
    return "sum";
  }

  @Override
  public void scan(ProcessImage image, double dt) {
    if (auto != null && image.get(auto) == 0) {
      return;
    }
    double u = bias.value(image);
    for (int i = 0; i < inputs.size(); i++) {
      u += gains.get(i).value(image) * image.get(inputs.get(i));
    }
    double lo = min.value(image);
    double hi = max.value(image);
    if (!Double.isFinite(u)) {
      u = lo;
    }
    image.set(output, Math.max(lo, Math.min(hi, u)));
  }

  @Override
  public List<String> outputs() {
    return List.of(output);
  }

  @Override
  public Optional<String> autoTag() {
    return Optional.ofNullable(auto);
  }

  /** Service provider for {@code type: sum}. */
  public static final class Factory implements ControlBlockFactory {

    private static final int TERMS = 4;

    @Override
    public String type() {
      return "sum";
    }

    @Override
    public Set<String> required() {
      return Set.of("output", "in1", "min", "max");
    }

    @Override
    public Set<String> optional() {
      return Set.of("in2", "in3", "in4", "k1", "k2", "k3", "k4", "bias", "auto");
    }

    @Override
    public ControlBlock create(BlockSpec spec, ControllerEndpoint image) {
      var p = spec.params();
      List<String> inputs = new ArrayList<>();
      List<Operand> gains = new ArrayList<>();
      for (int i = 1; i <= TERMS; i++) {
        String in = p.get("in" + i);
        if (in == null) {
          if (p.containsKey("k" + i)) {
            throw Blocks.invalid(
                "sum.k" + i,
                "a gain without its input in" + i,
                "Add in" + i + " or remove k" + i + ".");
          }
          continue;
        }
        inputs.add(Operand.requireTag("sum", "in" + i, in, image));
        gains.add(Operand.parse("sum", "k" + i, p.getOrDefault("k" + i, "1"), image));
      }
      return new SumBlock(
          Blocks.writableTag("sum", "output", p.get("output"), image),
          inputs,
          gains,
          Operand.parse("sum", "bias", p.getOrDefault("bias", "0"), image),
          Operand.parse("sum", "min", p.get("min"), image),
          Operand.parse("sum", "max", p.get("max"), image),
          p.containsKey("auto") ? Operand.requireTag("sum", "auto", p.get("auto"), image) : null);
    }
  }
}
