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
 * A safety trip: sets {@code tripped} when the measurement passes the limit. Latched by default, as
 * safety functions are: the trip stays until the condition is gone and {@code reset} is set.
 * Several trips may share one reset point, so the block only reads it; whoever sets it clears it.
 * While {@code bypass} is set the function is defeated and never trips, which is exactly the state
 * a safety attack (T0880) wants.
 */
public final class TripBlock implements ControlBlock {

  private final String measurement;
  private final Operand limit;
  private final boolean above;
  private final String tripped;
  private final @Nullable String bypass;
  private final @Nullable String reset;
  private final boolean latch;

  TripBlock(
      String measurement,
      Operand limit,
      boolean above,
      String tripped,
      @Nullable String bypass,
      @Nullable String reset,
      boolean latch) {
    this.measurement = measurement;
    this.limit = limit;
    this.above = above;
    this.tripped = tripped;
    this.bypass = bypass;
    this.reset = reset;
    this.latch = latch;
  }

  @Override
  public String type() {
    return "trip";
  }

  @Override
  public void scan(ProcessImage image, double dt) {
    double v = image.get(measurement);
    double l = limit.value(image);
    boolean demand = above ? v >= l : v <= l;
    boolean bypassed = bypass != null && image.get(bypass) != 0;
    boolean isTripped = image.get(tripped) != 0;
    if (bypassed) {
      isTripped = false;
    } else if (demand) {
      isTripped = true;
    } else if (!latch) {
      isTripped = false;
    } else if (reset != null && image.get(reset) != 0) {
      isTripped = false;
    }
    image.set(tripped, isTripped ? 1 : 0);
  }

  @Override
  public List<String> outputs() {
    return List.of(tripped);
  }

  @Override
  public Optional<String> bypassTag() {
    return Optional.ofNullable(bypass);
  }

  /** Service provider for {@code type: trip}. */
  public static final class Factory implements ControlBlockFactory {
    @Override
    public String type() {
      return "trip";
    }

    @Override
    public Set<String> required() {
      return Set.of("measurement", "tripped");
    }

    @Override
    public Set<String> optional() {
      return Set.of("above", "below", "bypass", "reset", "latch");
    }

    @Override
    public ControlBlock create(BlockSpec spec, ControllerEndpoint image) {
      var p = spec.params();
      if (p.containsKey("below") == p.containsKey("above")) {
        throw Blocks.invalid(
            "trip",
            "a condition with both or neither of below/above",
            "Give exactly one of below or above.");
      }
      boolean above = p.containsKey("above");
      String latch = p.getOrDefault("latch", "true");
      if (!latch.equals("true") && !latch.equals("false")) {
        throw Blocks.invalid("trip.latch", "'" + latch + "'", "Use true or false.");
      }
      return new TripBlock(
          Operand.requireTag("trip", "measurement", p.get("measurement"), image),
          Operand.parse("trip", above ? "above" : "below", p.get(above ? "above" : "below"), image),
          above,
          Blocks.writableTag("trip", "tripped", p.get("tripped"), image),
          p.containsKey("bypass")
              ? Operand.requireTag("trip", "bypass", p.get("bypass"), image)
              : null,
          p.containsKey("reset")
              ? Operand.requireTag("trip", "reset", p.get("reset"), image)
              : null,
          latch.equals("true"));
    }
  }
}
