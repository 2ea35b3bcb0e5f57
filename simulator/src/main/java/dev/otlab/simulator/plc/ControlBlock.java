package dev.otlab.simulator.plc;

import java.util.List;
import java.util.Optional;

/**
 * One piece of a control program (a PID loop, a hysteresis controller, an interlock, a trip). A
 * program is an ordered list of blocks; each scan runs them in order against the process image, so
 * a later block (an interlock) can overrule an earlier one (the level controller).
 */
public interface ControlBlock {

  /** The block type as named in plant files, e.g. {@code pid}. */
  String type();

  /** Runs one scan. {@code dt} is the simulated time since the previous scan, in seconds. */
  void scan(ProcessImage image, double dt);

  /** Tags this block writes. */
  List<String> outputs();

  /**
   * The boolean tag that switches this block between automatic (1) and manual (0), if it has one.
   * In manual the block leaves its outputs alone so an operator can drive them.
   */
  default Optional<String> autoTag() {
    return Optional.empty();
  }

  /**
   * The boolean tag that defeats this block while set (a safety trip's maintenance bypass), if it
   * has one: what a view of the controller shows as "bypassed".
   */
  default Optional<String> bypassTag() {
    return Optional.empty();
  }
}
