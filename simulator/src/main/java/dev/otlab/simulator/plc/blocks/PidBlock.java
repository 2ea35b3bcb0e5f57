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
 * A positional PID in the ideal form {@code u = bias + kp (e + (1/ti) ∫e dt + td de/dt)}, with
 * output limits and conditional integration as anti-windup. {@code reverse} action (the default)
 * raises the output when the measurement falls below the setpoint (dosing, heating, and cooling by
 * coolant temperature, where a lower output means more cooling); {@code direct} is the mirror.
 *
 * <p>In manual ({@code auto} tag 0) the block tracks the operator's output so that switching back
 * to automatic is bumpless. While {@code enable} reads 0 the output is held at {@code min}.
 */
public final class PidBlock implements ControlBlock {

  private final String pv;
  private final Operand sp;
  private final String output;
  private final Operand kp;
  private final Operand ti;
  private final Operand td;
  private final Operand min;
  private final Operand max;
  private final boolean reverse;
  private final @Nullable String auto;
  private final @Nullable String enable;
  private double integral;
  private double previousError = Double.NaN;
  private boolean initialised;

  PidBlock(
      String pv,
      Operand sp,
      String output,
      Operand kp,
      Operand ti,
      Operand td,
      Operand min,
      Operand max,
      boolean reverse,
      @Nullable String auto,
      @Nullable String enable) {
    this.pv = pv;
    this.sp = sp;
    this.output = output;
    this.kp = kp;
    this.ti = ti;
    this.td = td;
    this.min = min;
    this.max = max;
    this.reverse = reverse;
    this.auto = auto;
    this.enable = enable;
  }

  @Override
  public String type() {
    return "pid";
  }

  @Override
  public void scan(ProcessImage image, double dt) {
    double e = reverse ? sp.value(image) - image.get(pv) : image.get(pv) - sp.value(image);
    double k = kp.value(image);
    double lo = min.value(image);
    double hi = max.value(image);
    double current = image.get(output);
    boolean manual = auto != null && image.get(auto) == 0;
    if (!initialised || manual || k == 0) {
      // Track the present output so that the first automatic scan does not bump it.
      integral = k == 0 ? 0 : current / k - e;
      previousError = e;
      initialised = true;
      if (manual || k == 0) {
        return;
      }
    }
    if (enable != null && image.get(enable) == 0) {
      image.set(output, lo);
      integral = lo / k - e;
      previousError = e;
      return;
    }
    double t = ti.value(image);
    double derivative = dt > 0 && !Double.isNaN(previousError) ? (e - previousError) / dt : 0;
    previousError = e;
    double candidate = integral + (t > 0 ? e * dt / t : 0);
    double u = k * (e + candidate + td.value(image) * derivative);
    if (u > hi || u < lo) {
      // Anti-windup: integrate only while that drives the output back inside its limits.
      u = Math.max(lo, Math.min(hi, k * (e + integral + td.value(image) * derivative)));
    } else {
      integral = candidate;
    }
    if (!Double.isFinite(u)) {
      u = lo;
    }
    image.set(output, u);
  }

  @Override
  public List<String> outputs() {
    return List.of(output);
  }

  @Override
  public Optional<String> autoTag() {
    return Optional.ofNullable(auto);
  }

  /** Service provider for {@code type: pid}. */
  public static final class Factory implements ControlBlockFactory {
    @Override
    public String type() {
      return "pid";
    }

    @Override
    public Set<String> required() {
      return Set.of("pv", "sp", "output", "kp", "min", "max");
    }

    @Override
    public Set<String> optional() {
      return Set.of("ti", "td", "action", "auto", "enable");
    }

    @Override
    public ControlBlock create(BlockSpec spec, ControllerEndpoint image) {
      var p = spec.params();
      String action = p.getOrDefault("action", "reverse");
      if (!action.equals("reverse") && !action.equals("direct")) {
        throw Blocks.invalid("pid.action", "'" + action + "'", "Use reverse or direct.");
      }
      return new PidBlock(
          Operand.requireTag("pid", "pv", p.get("pv"), image),
          Operand.parse("pid", "sp", p.get("sp"), image),
          Blocks.writableTag("pid", "output", p.get("output"), image),
          Operand.parse("pid", "kp", p.get("kp"), image),
          Operand.parse("pid", "ti", p.getOrDefault("ti", "0"), image),
          Operand.parse("pid", "td", p.getOrDefault("td", "0"), image),
          Operand.parse("pid", "min", p.get("min"), image),
          Operand.parse("pid", "max", p.get("max"), image),
          action.equals("reverse"),
          p.containsKey("auto") ? Operand.requireTag("pid", "auto", p.get("auto"), image) : null,
          p.containsKey("enable")
              ? Operand.requireTag("pid", "enable", p.get("enable"), image)
              : null);
    }
  }
}
