package dev.otlab.simulator.plant;

import dev.otlab.core.OtlabException;
import dev.otlab.process.LimitCrossing;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModels;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.fmi.FmuProcessModel;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One plant running on a lab clock. Each tick runs, in {@link Phase} order: the process advances to
 * "now", controllers latch their inputs (true value plus seeded measurement noise) and scan, then
 * PLC outputs and SIS overrides are driven into the process and held until the next tick.
 *
 * <p>A plant whose process is an FMU holds the FMU open (a native library and its temporary files)
 * until {@link #close()}; whoever creates a plant closes it when the plant stops.
 */
public final class Plant implements AutoCloseable {

  private final PlantSpec spec;
  private final LabClock clock;
  private final ProcessSimulation process;
  private final @Nullable FmuProcessModel fmu;
  private final List<SoftPlc> controllers = new ArrayList<>();
  private final Map<String, SplittableRandom> noise = new LinkedHashMap<>();
  private final double tick;
  private boolean scheduled;

  private Plant(PlantSpec spec, LabClock clock) {
    this.spec = spec;
    this.clock = clock;
    PlantProcess source = spec.process();
    if (source instanceof PlantProcess.Fmu f) {
      this.fmu = FmuProcessModel.open(f.effective());
      this.process = new ProcessSimulation(fmu);
    } else {
      this.fmu = null;
      this.process = new ProcessSimulation(model(source));
    }
    for (TagSpec t : spec.tags()) {
      if (t.trip().high() != null) {
        process.addLimit(
            new SafetyLimit(t.name(), SafetyLimit.Direction.HIGH, t.trip().high(), t.hazard()));
      }
      if (t.trip().low() != null) {
        process.addLimit(
            new SafetyLimit(t.name(), SafetyLimit.Direction.LOW, t.trip().low(), t.hazard()));
      }
    }
    double shortest = Double.MAX_VALUE;
    for (ControllerSpec c : spec.controllers()) {
      List<PointSpec> points = c.points().stream().map(PointBinding::point).toList();
      ProcessImage image =
          new ProcessImage(c.id(), c.unitId(), c.description(), c.identity(), points, clock::now);
      for (PointBinding b : c.points()) {
        image.set(b.point().tag(), b.initial());
      }
      SoftPlc plc = SoftPlc.fromSource(c.id(), c.kind(), image, c.logic(), c.scanSeconds());
      controllers.add(plc);
      noise.put(c.id(), clock.random("noise:" + c.id()));
      shortest = Math.min(shortest, c.scanSeconds());
    }
    this.tick = shortest == Double.MAX_VALUE ? 0.1 : shortest;
    // Outputs first so the process starts from what the controllers command, then let every
    // image see the process before the first scan (an OPC UA read at t = 0 gets real values).
    driveOutputs();
    for (int i = 0; i < controllers.size(); i++) {
      latchInputs(spec.controllers().get(i), controllers.get(i));
    }
  }

  private static ProcessModel model(PlantProcess source) {
    if (source instanceof PlantProcess.Declared d) {
      return d.spec().create(d.parameters());
    }
    PlantProcess.Kind k = (PlantProcess.Kind) source;
    return ProcessModels.create(k.kind(), k.parameters());
  }

  /**
   * Releases what the process holds outside the JVM's heap: an FMU's native instance. The clock
   * must no longer run the plant. Closing twice is harmless; a plant of equations holds nothing.
   */
  @Override
  public void close() {
    if (fmu != null) {
      fmu.close();
    }
  }

  /** Builds a plant; nothing runs until {@link #schedule()} and the clock runs. */
  public static Plant create(PlantSpec spec, LabClock clock) {
    return new Plant(spec, clock);
  }

  public PlantSpec spec() {
    return spec;
  }

  public LabClock clock() {
    return clock;
  }

  public ProcessSimulation process() {
    return process;
  }

  public List<SoftPlc> controllers() {
    return List.copyOf(controllers);
  }

  public SoftPlc controller(String id) {
    return controllers.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new OtlabException(
                    "CONTROLLER_UNKNOWN",
                    "Plant '" + spec.id() + "' has no controller '" + id + "'.",
                    "Use one of " + controllers.stream().map(SoftPlc::id).toList() + "."));
  }

  /** True process values (no noise): states, derived quantities and inputs. */
  public Map<String, Double> processValues() {
    return process.values();
  }

  public List<LimitCrossing> crossings() {
    return process.crossings();
  }

  /** Registers the plant's periodic work on the clock. Call once. */
  public void schedule() {
    if (scheduled) {
      throw new IllegalStateException("plant already scheduled");
    }
    scheduled = true;
    clock.schedulePeriodic(
        "process:" + spec.id(), Phase.PROCESS, tick, 0, () -> process.advanceTo(clock.now()));
    for (int i = 0; i < controllers.size(); i++) {
      ControllerSpec c = spec.controllers().get(i);
      SoftPlc plc = controllers.get(i);
      clock.schedulePeriodic(
          "scan:" + c.id(),
          Phase.SCAN,
          c.scanSeconds(),
          0,
          () -> {
            latchInputs(c, plc);
            plc.scan(clock.now());
          });
    }
    clock.schedulePeriodic("outputs:" + spec.id(), Phase.OUTPUTS, tick, 0, this::driveOutputs);
    for (DisturbanceSpec d : spec.disturbances()) {
      SplittableRandom rnd = clock.random("disturbance:" + d.tag());
      double[] walk = {0};
      clock.schedulePeriodic(
          "disturbance:" + d.tag(),
          Phase.OUTPUTS,
          d.everySeconds(),
          0,
          () -> {
            walk[0] += gaussian(rnd) * d.noise();
            // Keep the walk bounded so the disturbance never drifts off for good.
            walk[0] =
                Math.max(
                    -(d.max() - d.min()) / 2, Math.min((d.max() - d.min()) / 2, walk[0] * 0.995));
            double v =
                d.mean()
                    + d.amplitude() * Math.sin(2 * Math.PI * clock.now() / d.periodSeconds())
                    + walk[0];
            process.setInput(d.tag(), Math.max(d.min(), Math.min(d.max(), v)));
          });
    }
  }

  private void latchInputs(ControllerSpec c, SoftPlc plc) {
    Map<String, Double> values = process.values();
    SplittableRandom rnd = noise.get(c.id());
    ProcessImage image = plc.image();
    for (PointBinding b : c.points()) {
      if (b.input() == null) {
        continue;
      }
      Double v = values.get(b.input());
      if (v == null) {
        continue;
      }
      double sigma = spec.tag(b.input()).map(TagSpec::noise).orElse(0.0);
      double measured = sigma > 0 ? v + gaussian(rnd) * sigma : v;
      PointSpec p = b.point();
      // A transmitter saturates at its range; it never reports beyond it.
      image.set(
          p.tag(),
          p.type() == dev.otlab.simulator.plc.DataType.BOOL
              ? (v > 0.5 ? 1 : 0)
              : Math.max(p.min(), Math.min(p.max(), measured)));
    }
  }

  private void driveOutputs() {
    for (int i = 0; i < controllers.size(); i++) {
      ControllerSpec c = spec.controllers().get(i);
      ProcessImage image = controllers.get(i).image();
      for (PointBinding b : c.points()) {
        if (b.output() != null) {
          process.setInput(b.output(), image.get(b.point().tag()));
        }
      }
    }
    // SIS overrides come last: a tripped SIS wins over any PLC command.
    for (int i = 0; i < controllers.size(); i++) {
      ControllerSpec c = spec.controllers().get(i);
      ProcessImage image = controllers.get(i).image();
      for (OverrideSpec o : c.overrides()) {
        if (image.get(o.when()) != 0) {
          process.setInput(o.output(), o.value());
        }
      }
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller from the seeded stream: java.util.Random's nextGaussian would need its own seed.
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Sets a tag at start, as {@code --set TAG=VALUE} does. A writable controller point is written
   * through the same validation a client's write gets; if a control block drives it, that block
   * goes to manual first so the value stays.
   *
   * @return the controller that took the value
   */
  public String set(String tag, double value) {
    List<String> candidates = new ArrayList<>();
    for (SoftPlc plc : controllers) {
      if (plc.image().point(tag).isEmpty()) {
        continue;
      }
      candidates.add(plc.id());
      PointSpec p = plc.image().point(tag).get();
      if (!p.writable()) {
        continue;
      }
      plc.switchToManual(tag);
      var result =
          plc.image()
              .writeTag(
                  tag,
                  p.type() == dev.otlab.simulator.plc.DataType.BOOL
                      ? (Object) (value != 0)
                      : (Object) value);
      if (result instanceof dev.otlab.simulator.plc.Rejected r) {
        throw new OtlabException(
            "SET_REJECTED",
            "--set " + tag + "=" + value + ": " + r.detail() + ".",
            "Pick a value inside the point's range.");
      }
      driveOutputs();
      return plc.id();
    }
    throw new OtlabException(
        "SET_UNKNOWN_TAG",
        candidates.isEmpty()
            ? "--set " + tag + ": no controller of plant '" + spec.id() + "' has that tag."
            : "--set " + tag + ": the tag is read-only on " + candidates + ".",
        "Use a writable setpoint or output: " + writableTags() + ".");
  }

  /** Writable controller tags, for help and error messages. */
  public List<String> writableTags() {
    List<String> out = new ArrayList<>();
    for (SoftPlc plc : controllers) {
      for (PointSpec p : plc.image().points()) {
        if (p.writable()) {
          out.add(p.tag());
        }
      }
    }
    return out;
  }

  /** Puts every controller in a mode (used by tests and operations). */
  public void setMode(PlcMode mode) {
    controllers.forEach(c -> c.setMode(mode));
  }
}
