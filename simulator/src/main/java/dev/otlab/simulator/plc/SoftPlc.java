package dev.otlab.simulator.plc;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A soft PLC or safety controller: a process image, a replaceable program and an operating mode.
 * The plant latches inputs into the image and collects outputs from it; this class only runs the
 * program, which keeps the scan itself free of any I/O and easy to test.
 *
 * <p>The program reference is replaced atomically, so a download over the network (an attack or the
 * engineering workstation) takes effect at the next scan and never mid-scan.
 */
public final class SoftPlc {

  /** What kind of controller this is; a SIS lives in its own zone and has its own trip logic. */
  public enum Kind {
    PLC,
    SIS
  }

  private final String id;
  private final Kind kind;
  private final ProcessImage image;
  private final double scanSeconds;
  private volatile List<ControlBlock> program;
  private volatile @Nullable List<BlockSpec> source;
  private volatile PlcMode mode = PlcMode.RUN;
  private final EngineeringPort engineering = new EngineeringPort(this);
  private volatile long scans;
  private double lastScan = Double.NaN;

  public SoftPlc(
      String id, Kind kind, ProcessImage image, List<ControlBlock> program, double scanSeconds) {
    this.id = id;
    this.kind = kind;
    this.image = image;
    this.program = List.copyOf(program);
    this.scanSeconds = scanSeconds;
  }

  /**
   * A controller whose program is built from {@code source}, so that it can upload it (FC 90) as
   * well as run it.
   */
  public static SoftPlc fromSource(
      String id, Kind kind, ProcessImage image, List<BlockSpec> source, double scanSeconds) {
    SoftPlc plc = new SoftPlc(id, kind, image, List.of(), scanSeconds);
    plc.load(source);
    return plc;
  }

  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  public ProcessImage image() {
    return image;
  }

  public double scanSeconds() {
    return scanSeconds;
  }

  public PlcMode mode() {
    return mode;
  }

  public void setMode(PlcMode mode) {
    this.mode = mode;
  }

  public List<ControlBlock> program() {
    return program;
  }

  /** Replaces the control program; it runs from the next scan on. */
  public synchronized void replaceProgram(List<ControlBlock> newProgram) {
    this.program = List.copyOf(newProgram);
    this.source = null;
  }

  /**
   * Builds {@code newSource} against this controller's points and, only if every block builds,
   * makes it the program (from the next scan on) and the source an upload returns.
   *
   * @throws dev.otlab.core.OtlabException when a block does not fit; nothing changes
   */
  public synchronized void load(List<BlockSpec> newSource) {
    List<ControlBlock> built = ControlBlocks.build(newSource, image);
    this.source = List.copyOf(newSource);
    this.program = List.copyOf(built);
  }

  /** The block specs the program was built from; empty when it was given as built blocks. */
  public Optional<List<BlockSpec>> source() {
    return Optional.ofNullable(source);
  }

  /** Engineering access (mode, upload, download), the target of Modbus FC 90. */
  public EngineeringPort engineering() {
    return engineering;
  }

  public long scans() {
    return scans;
  }

  /** One scan at simulated time {@code now}: runs the program when in RUN. */
  public void scan(double now) {
    double dt = Double.isNaN(lastScan) ? scanSeconds : now - lastScan;
    lastScan = now;
    if (mode != PlcMode.RUN) {
      return;
    }
    for (ControlBlock block : program) {
      block.scan(image, dt);
    }
    scans++;
  }

  /**
   * Puts the block driving {@code tag} into manual, so the value an operator (or {@code --set})
   * writes stays. Returns false when no block with an auto switch drives the tag.
   */
  public boolean switchToManual(String tag) {
    for (ControlBlock block : program) {
      if (block.outputs().contains(tag) && block.autoTag().isPresent()) {
        image.set(block.autoTag().get(), 0);
        return true;
      }
    }
    return false;
  }
}
