package dev.otlab.operations;

import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.ControlBlock;
import dev.otlab.simulator.plc.ControlBlocks;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.ProcessImage;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A controller's Modbus map as an HMI driver sees it: the contiguous blocks to read per table, how
 * to turn raw words into engineering values, and which points an operator may change.
 */
final class PointMap {

  /** Modbus limits per request: 125 registers, 2000 bits. */
  static final int MAX_REGISTERS = 125;

  static final int MAX_BITS = 2000;

  /** One read request: a run of addresses with no gap, all mapped. */
  record Block(Table table, int start, int count, List<PointSpec> points) {
    Block {
      points = List.copyOf(points);
    }

    int functionCode() {
      switch (table) {
        case COIL:
          return 1;
        case DISCRETE_INPUT:
          return 2;
        case HOLDING_REGISTER:
          return 3;
        default:
          return 4;
      }
    }
  }

  private final ControllerSpec controller;
  private final List<Block> blocks;
  private final List<PointSpec> setpoints;

  PointMap(ControllerSpec controller) {
    this.controller = controller;
    List<PointSpec> points = controller.points().stream().map(PointBinding::point).toList();
    this.blocks = blocks(points);
    this.setpoints = setpoints(controller);
  }

  ControllerSpec controller() {
    return controller;
  }

  List<Block> blocks() {
    return blocks;
  }

  List<Block> blocks(Table table) {
    return blocks.stream().filter(b -> b.table() == table).toList();
  }

  /** The commissioned value of a point: its initial value in the plant file. */
  double commissioned(PointSpec p) {
    for (PointBinding b : controller.points()) {
      if (b.point().tag().equals(p.tag())) {
        return b.initial();
      }
    }
    return (p.min() + p.max()) / 2;
  }

  /** Points an operator may change from the HMI; empty for a SIS. */
  List<PointSpec> setpoints() {
    return setpoints;
  }

  /**
   * Groups points into requests per table: a block grows while the next point starts at or before
   * the address after the block's last one, so no request touches an unmapped address (which the
   * server would answer with exception 02).
   */
  static List<Block> blocks(List<PointSpec> points) {
    List<Block> out = new ArrayList<>();
    for (Table table : Table.values()) {
      List<PointSpec> inTable =
          points.stream()
              .filter(p -> p.table() == table)
              .sorted(Comparator.comparingInt(PointSpec::address))
              .toList();
      int limit = table.isBit() ? MAX_BITS : MAX_REGISTERS;
      List<PointSpec> run = new ArrayList<>();
      int start = -1;
      int end = -1; // last address covered
      for (PointSpec p : inTable) {
        boolean joins = !run.isEmpty() && p.address() <= end + 1;
        if (joins && Math.max(end, p.lastAddress()) - start + 1 <= limit) {
          run.add(p);
          end = Math.max(end, p.lastAddress());
          continue;
        }
        if (!run.isEmpty()) {
          out.add(new Block(table, start, end - start + 1, run));
        }
        run = new ArrayList<>(List.of(p));
        start = p.address();
        end = p.lastAddress();
      }
      if (!run.isEmpty()) {
        out.add(new Block(table, start, end - start + 1, run));
      }
    }
    return List.copyOf(out);
  }

  /** Decodes a block's words (registers, or bits as 0/1) into tag -> engineering value. */
  static Map<String, Double> decode(Block block, int[] words) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (PointSpec p : block.points()) {
      values.put(p.tag(), decode(p, words, p.address() - block.start()));
    }
    return values;
  }

  /** Engineering value of {@code p} whose first word sits at {@code offset} in {@code words}. */
  static double decode(PointSpec p, int[] words, int offset) {
    int w = words[offset] & 0xFFFF;
    switch (p.type()) {
      case BOOL:
        return w != 0 ? 1 : 0;
      case FLOAT32:
        // High word first ("ABCD"), as DataType documents; scale does not apply to floats.
        return Float.intBitsToFloat((w << 16) | (words[offset + 1] & 0xFFFF));
      case UINT16:
        return w / p.scale();
      default:
        return (short) w / p.scale();
    }
  }

  /** Raw register words for an engineering value, the inverse of {@link #decode}. */
  static int[] encode(PointSpec p, double value) {
    switch (p.type()) {
      case FLOAT32:
        int bits = Float.floatToIntBits((float) value);
        return new int[] {(bits >>> 16) & 0xFFFF, bits & 0xFFFF};
      case UINT16:
        return new int[] {(int) Math.max(0, Math.min(0xFFFF, Math.round(value * p.scale())))};
      case INT16:
        long raw =
            Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value * p.scale())));
        return new int[] {(int) raw & 0xFFFF};
      default:
        return new int[] {value != 0 ? 1 : 0};
    }
  }

  /**
   * Writable holding registers a PLC's operator may set: not driven by a control block (the loop
   * would overwrite it, and writing it is manual control, not a setpoint change) and not wired to
   * an actuator. A SIS has none: operators do not tune the safety system from the HMI.
   */
  static List<PointSpec> setpoints(ControllerSpec c) {
    if (c.kind() == SoftPlc.Kind.SIS) {
      return List.of();
    }
    Set<String> excluded = new HashSet<>(blockOutputs(c));
    for (PointBinding b : c.points()) {
      if (b.output() != null) {
        excluded.add(b.point().tag());
      }
    }
    // Operators move setpoints, not tuning: a gain or integral time changed at random can
    // destabilise a loop (the reactor runs away with a tripled temperature gain), and no plant
    // lets a shift change those from the HMI as a matter of routine.
    Set<String> targets = new HashSet<>();
    for (BlockSpec b : c.logic()) {
      for (String param : SETPOINT_PARAMS) {
        String v = b.params().get(param);
        if (v != null) {
          targets.add(v);
        }
      }
    }
    return c.points().stream()
        .map(PointBinding::point)
        .filter(p -> p.writable() && p.table() == Table.HOLDING_REGISTER)
        .filter(p -> !excluded.contains(p.tag()) && targets.contains(p.tag()))
        .toList();
  }

  /** Control-block parameters that hold a setpoint (PID {@code sp}, hysteresis band). */
  static final Set<String> SETPOINT_PARAMS = Set.of("sp", "low", "high");

  /** Tags the controller's program writes, found by building the program on a scratch image. */
  static Set<String> blockOutputs(ControllerSpec c) {
    List<PointSpec> points = c.points().stream().map(PointBinding::point).toList();
    ProcessImage scratch =
        new ProcessImage(c.id(), c.unitId(), c.description(), c.identity(), points, () -> 0.0);
    Set<String> outputs = new HashSet<>();
    List<BlockSpec> logic = c.logic();
    for (ControlBlock b : ControlBlocks.build(logic, scratch)) {
      outputs.addAll(b.outputs());
    }
    return outputs;
  }

  /**
   * The value an operator types, for a uniform draw {@code u} in [0, 1): near the commissioned
   * value (the plant file's initial value), jittered by up to 2% of the range, but never more than
   * 5% of the range away from the current value (an operator nudges a running plant, he does not
   * slam it: a bigger step on the reactor's temperature setpoint overshoots into its alarm), always
   * inside [min, max], and on the point's resolution so the value the HMI writes is the value the
   * controller holds. Around the commissioned value, not the middle of the engineering range: the
   * range of a level setpoint spans nearly the whole tank, and a band's low and high setpoints
   * drawn towards one middle would squeeze the band shut.
   */
  static double chooseSetpoint(PointSpec p, double commissioned, double current, double u) {
    double span = p.max() - p.min();
    double centre = Math.max(p.min(), Math.min(p.max(), commissioned));
    double target = centre + (u * 2 - 1) * 0.02 * span;
    double step = 0.05 * span;
    double base = Double.isFinite(current) ? current : centre;
    target = Math.max(base - step, Math.min(base + step, target));
    target = Math.max(p.min(), Math.min(p.max(), target));
    if (p.type() == DataType.INT16 || p.type() == DataType.UINT16) {
      double r = Math.round(target * p.scale()) / p.scale();
      // Rounding may step outside the range by half a count; step back inside.
      if (r > p.max()) {
        r -= 1 / p.scale();
      } else if (r < p.min()) {
        r += 1 / p.scale();
      }
      target = r;
    } else if (p.type() == DataType.FLOAT32) {
      float f = (float) target;
      // The nearest float may lie just outside a range bound that is not a float itself.
      if (f > p.max()) {
        f = Math.nextDown(f);
      } else if (f < p.min()) {
        f = Math.nextUp(f);
      }
      target = f;
    }
    return target;
  }
}
