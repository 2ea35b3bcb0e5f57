package dev.otlab.operations;

import static dev.otlab.operations.TankLab.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PointMapTest {

  @Test
  void blocksAreContiguousRunsPerTable() {
    PointMap map = new PointMap(TankLab.plc());
    assertThat(map.blocks())
        .extracting(b -> b.table() + "@" + b.start() + "+" + b.count())
        .containsExactly(
            "COIL@0+1", "INPUT_REGISTER@0+1", "HOLDING_REGISTER@0+4", "HOLDING_REGISTER@10+2");
    assertThat(map.blocks()).extracting(PointMap.Block::functionCode).containsExactly(1, 4, 3, 3);
  }

  @Test
  void blocksSplitAtTheRequestLimit() {
    List<PointSpec> points =
        java.util.stream.IntStream.range(0, 130)
            .mapToObj(
                i -> point("r" + i, Table.HOLDING_REGISTER, i, DataType.UINT16, 1, false, 0, 100))
            .toList();
    assertThat(PointMap.blocks(points))
        .extracting(PointMap.Block::count)
        .containsExactly(PointMap.MAX_REGISTERS, 5);
  }

  @Test
  void decodesEveryEncoding() {
    PointSpec level = point("level", Table.INPUT_REGISTER, 0, DataType.INT16, 100, false, -5, 5);
    PointSpec kp = point("kp", Table.HOLDING_REGISTER, 1, DataType.UINT16, 10, true, 0, 6000);
    PointSpec flow = point("flow", Table.HOLDING_REGISTER, 2, DataType.FLOAT32, 1, true, -1e6, 1e6);
    PointMap.Block block =
        new PointMap.Block(Table.HOLDING_REGISTER, 0, 4, List.of(level, kp, flow));
    int bits = Float.floatToIntBits(-3.25f);
    int[] words = {(short) -123 & 0xFFFF, 60000, bits >>> 16, bits & 0xFFFF};
    Map<String, Double> values = PointMap.decode(block, words);
    assertThat(values)
        .containsExactly(
            Map.entry("level", -1.23), Map.entry("kp", 6000.0), Map.entry("flow", -3.25));
  }

  @Test
  void encodeIsTheInverseOfDecodeOnTheResolution() {
    SplittableRandom r = new SplittableRandom(42);
    List<PointSpec> points =
        List.of(
            point("a", Table.HOLDING_REGISTER, 0, DataType.INT16, 100, true, -300, 300),
            point("b", Table.HOLDING_REGISTER, 0, DataType.UINT16, 10, true, 0, 6000),
            point("c", Table.HOLDING_REGISTER, 0, DataType.FLOAT32, 1, true, -1e4, 1e4));
    for (int i = 0; i < 2000; i++) {
      PointSpec p = points.get(r.nextInt(points.size()));
      double v = p.min() + r.nextDouble() * (p.max() - p.min());
      double back = PointMap.decode(p, PointMap.encode(p, v), 0);
      double tolerance = p.type() == DataType.FLOAT32 ? Math.abs(v) * 1e-6 : 0.5 / p.scale() + 1e-9;
      assertThat(back).as("%s = %s", p.tag(), v).isCloseTo(v, within(tolerance));
    }
  }

  @Test
  void setpointsAreWhatBlocksUseAsSetpointsNotTuningOutputsOrTheSis() {
    // kp (a gain) and flow_limit (an output limit) are writable holding registers too, but an
    // operator does not retune loops from the HMI.
    assertThat(new PointMap(TankLab.plc()).setpoints())
        .extracting(PointSpec::tag)
        .containsExactly("level_sp");
    assertThat(new PointMap(TankLab.sis()).setpoints()).isEmpty();
  }

  @Test
  void chosenSetpointsStayInRangeNearTheCurrentValueAndOnTheResolution() {
    SplittableRandom r = new SplittableRandom(7);
    List<PointSpec> points =
        List.of(
            point("sp", Table.HOLDING_REGISTER, 0, DataType.INT16, 100, true, 0.5, 1.5),
            point("kp", Table.HOLDING_REGISTER, 0, DataType.UINT16, 10, true, 0.5, 20),
            point("f", Table.HOLDING_REGISTER, 0, DataType.FLOAT32, 1, true, 0.1, 9.7));
    for (int i = 0; i < 5000; i++) {
      PointSpec p = points.get(r.nextInt(points.size()));
      double span = p.max() - p.min();
      // Current values anywhere, even outside the range (an attack may have put them there).
      double current = p.min() - span + r.nextDouble() * 3 * span;
      double commissioned = p.min() + r.nextDouble() * span;
      double v = PointMap.chooseSetpoint(p, commissioned, current, r.nextDouble());
      assertThat(v).as("%s from %s", p.tag(), current).isBetween(p.min(), p.max());
      if (current >= p.min() && current <= p.max()) {
        assertThat(Math.abs(v - current)).isLessThanOrEqualTo(0.05 * span + 1 / p.scale());
      }
      if (p.type() != DataType.FLOAT32) {
        assertThat(v * p.scale()).isCloseTo(Math.rint(v * p.scale()), within(1e-6));
      } else {
        assertThat((double) (float) v).isEqualTo(v);
      }
    }
  }

  @Test
  void repeatedChangesStayNearTheCommissionedValue() {
    PointSpec p = point("sp", Table.HOLDING_REGISTER, 0, DataType.INT16, 100, true, 0.5, 1.5);
    SplittableRandom r = new SplittableRandom(3);
    double v = 0.5;
    for (int i = 0; i < 20; i++) {
      v = PointMap.chooseSetpoint(p, 1.2, v, r.nextDouble());
    }
    // Within 2% of the range (0.02) of the commissioned 1.2, from wherever it started.
    assertThat(v).isBetween(1.18, 1.22);
  }

  @Test
  void theCommissionedValueIsThePlantFilesInitialValue() {
    PointMap map = new PointMap(TankLab.plc());
    PointSpec sp = map.setpoints().get(0);
    assertThat(map.commissioned(sp)).isEqualTo(1.0);
  }
}
