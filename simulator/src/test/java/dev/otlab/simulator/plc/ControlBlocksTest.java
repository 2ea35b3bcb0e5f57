package dev.otlab.simulator.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlBlocksTest {

  private static PointSpec reg(String tag, int address, double min, double max) {
    return new PointSpec(
        tag, Table.HOLDING_REGISTER, address, DataType.FLOAT32, 1, "", true, min, max, "");
  }

  private static PointSpec coil(String tag, int address) {
    return new PointSpec(tag, Table.COIL, address, DataType.BOOL, 1, "", true, 0, 1, "");
  }

  private static ProcessImage image() {
    return new ProcessImage(
        "plc-t",
        1,
        "",
        DeviceIdentity.defaults(),
        List.of(
            reg("level", 0, 0, 10),
            reg("low", 2, 0, 10),
            reg("high", 4, 0, 10),
            reg("pv", 6, -1000, 1000),
            reg("sp", 8, -1000, 1000),
            reg("out", 10, 0, 100),
            coil("valve", 0),
            coil("auto", 1),
            coil("tripped", 2),
            coil("bypass", 3),
            coil("reset", 4),
            coil("enable", 5)),
        () -> 0);
  }

  private static SoftPlc plc(ProcessImage img, BlockSpec... blocks) {
    return new SoftPlc(
        "plc-t", SoftPlc.Kind.PLC, img, ControlBlocks.build(List.of(blocks), img), 0.1);
  }

  @Test
  void hysteresisFillsBetweenLimitsWithoutChattering() {
    ProcessImage img = image();
    img.set("low", 1);
    img.set("high", 3);
    img.set("auto", 1);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "hysteresis",
                Map.of(
                    "level", "level", "output", "valve", "low", "low", "high", "high", "auto",
                    "auto")));
    double[] levels = {2, 0.9, 2, 2.9, 3.1, 2, 1.1, 1.0};
    double[] expected = {0, 1, 1, 1, 0, 0, 0, 1};
    for (int i = 0; i < levels.length; i++) {
      img.set("level", levels[i]);
      p.scan(i * 0.1);
      assertThat(img.get("valve")).as("level %s", levels[i]).isEqualTo(expected[i]);
    }
    // Manual: the block leaves the output alone.
    img.set("auto", 0);
    img.set("valve", 1);
    img.set("level", 3.5);
    p.scan(1);
    assertThat(img.get("valve")).isEqualTo(1.0);
  }

  @Test
  void interlockHasTheLastWord() {
    ProcessImage img = image();
    img.set("low", 1);
    img.set("high", 3);
    img.set("auto", 1);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "hysteresis",
                Map.of("level", "level", "output", "valve", "low", "low", "high", "high")),
            new BlockSpec(
                "interlock",
                Map.of("input", "pv", "below", "0.3", "output", "valve", "value", "0")));
    img.set("level", 0.5);
    img.set("pv", 0.2);
    p.scan(0);
    assertThat(img.get("valve")).isZero();
    img.set("pv", 1);
    p.scan(0.1);
    assertThat(img.get("valve")).isEqualTo(1.0);
  }

  @Test
  void sumAddsWeightedInputsWithinLimitsAndServesAsAPermissive() {
    ProcessImage img = image();
    img.set("auto", 1);
    // Feedforward: out = pv + 2 * sp + 1, clamped to [0, 100].
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "sum",
                Map.of(
                    "output", "out", "in1", "pv", "in2", "sp", "k2", "2", "bias", "1", "min", "0",
                    "max", "100", "auto", "auto")));
    img.set("pv", 10);
    img.set("sp", 5);
    p.scan(0);
    assertThat(img.get("out")).isEqualTo(21.0);
    img.set("pv", 200);
    p.scan(0.1);
    assertThat(img.get("out")).isEqualTo(100.0);
    img.set("pv", -50);
    p.scan(0.2);
    assertThat(img.get("out")).isZero();
    // Manual: the output is the operator's.
    img.set("auto", 0);
    img.set("out", 42);
    img.set("pv", 10);
    p.scan(0.3);
    assertThat(img.get("out")).isEqualTo(42.0);

    // Either of two flags, clamped to [0, 1]: an "or" permissive.
    ProcessImage flags = image();
    SoftPlc either =
        plc(
            flags,
            new BlockSpec(
                "sum",
                Map.of(
                    "output", "tripped", "in1", "valve", "in2", "enable", "min", "0", "max", "1")));
    double[][] cases = {{0, 0, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}};
    for (double[] c : cases) {
      flags.set("valve", c[0]);
      flags.set("enable", c[1]);
      either.scan(0);
      assertThat(flags.get("tripped")).as("%s or %s", c[0], c[1]).isEqualTo(c[2]);
    }
  }

  @Test
  void sumRefusesAGainWithoutItsInput() {
    ProcessImage img = image();
    assertThatThrownBy(
            () ->
                ControlBlocks.build(
                    List.of(
                        new BlockSpec(
                            "sum",
                            Map.of(
                                "output", "out", "in1", "pv", "k3", "2", "min", "0", "max", "1"))),
                    img))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("sum.k3");
  }

  @Test
  void pidDrivesAFirstOrderProcessToItsSetpointAndRespectsLimits() {
    ProcessImage img = image();
    img.set("sp", 50);
    img.set("auto", 1);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "pid",
                Map.of(
                    "pv", "pv", "sp", "sp", "output", "out", "kp", "2", "ti", "20", "min", "0",
                    "max", "100", "auto", "auto")));
    // Process: tau dpv/dt = K u - pv with K = 1.5, tau = 10 s, Euler at 0.1 s.
    double pv = 0;
    double maxOut = 0;
    for (int i = 0; i < 3000; i++) {
      img.set("pv", pv);
      p.scan(i * 0.1);
      double u = img.get("out");
      maxOut = Math.max(maxOut, u);
      pv += 0.1 * (1.5 * u - pv) / 10;
    }
    assertThat(pv).isCloseTo(50, org.assertj.core.data.Offset.offset(0.1));
    assertThat(img.get("out")).isCloseTo(50 / 1.5, org.assertj.core.data.Offset.offset(0.1));
    assertThat(maxOut).isLessThanOrEqualTo(100);
  }

  @Test
  void pidInManualTracksTheOutputForABumplessReturn() {
    ProcessImage img = image();
    img.set("sp", 10);
    img.set("pv", 10);
    img.set("auto", 0);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "pid",
                Map.of(
                    "pv", "pv", "sp", "sp", "output", "out", "kp", "1", "ti", "10", "min", "0",
                    "max", "100", "auto", "auto")));
    img.set("out", 42);
    p.scan(0);
    p.scan(0.1);
    assertThat(img.get("out")).isEqualTo(42.0);
    img.set("auto", 1);
    p.scan(0.2);
    assertThat(img.get("out")).isCloseTo(42.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void pidHoldsMinimumWhileDisabled() {
    ProcessImage img = image();
    img.set("sp", 10);
    img.set("enable", 0);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "pid",
                Map.of(
                    "pv", "pv", "sp", "sp", "output", "out", "kp", "1", "ti", "10", "min", "5",
                    "max", "100", "enable", "enable")));
    p.scan(0);
    p.scan(0.1);
    assertThat(img.get("out")).isEqualTo(5.0);
  }

  @Test
  void tripLatchesUntilResetAndBypassDefeatsIt() {
    ProcessImage img = image();
    img.set("high", 3);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "trip",
                Map.of(
                    "measurement",
                    "level",
                    "above",
                    "high",
                    "tripped",
                    "tripped",
                    "bypass",
                    "bypass",
                    "reset",
                    "reset")));
    img.set("level", 3.2);
    p.scan(0);
    assertThat(img.get("tripped")).isEqualTo(1.0);
    img.set("level", 2);
    p.scan(0.1);
    assertThat(img.get("tripped")).as("latched").isEqualTo(1.0);
    img.set("reset", 1);
    p.scan(0.2);
    assertThat(img.get("tripped")).isZero();
    img.set("reset", 0);
    img.set("bypass", 1);
    img.set("level", 5);
    p.scan(0.3);
    assertThat(img.get("tripped")).as("bypassed").isZero();
  }

  @Test
  void modesOtherThanRunHoldOutputs() {
    ProcessImage img = image();
    img.set("low", 1);
    img.set("high", 3);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "hysteresis",
                Map.of("level", "level", "output", "valve", "low", "low", "high", "high")));
    p.setMode(PlcMode.PROGRAM);
    img.set("level", 0);
    p.scan(0);
    assertThat(img.get("valve")).isZero();
    assertThat(p.scans()).isZero();
    p.setMode(PlcMode.RUN);
    p.scan(0.1);
    assertThat(img.get("valve")).isEqualTo(1.0);
  }

  @Test
  void replacedProgramRunsFromTheNextScan() {
    ProcessImage img = image();
    img.set("low", 1);
    img.set("high", 3);
    SoftPlc p =
        plc(
            img,
            new BlockSpec(
                "hysteresis",
                Map.of(
                    "level", "level", "output", "valve", "low", "low", "high", "high", "action",
                    "fill")));
    img.set("level", 0.5);
    p.scan(0);
    assertThat(img.get("valve")).isEqualTo(1.0);
    p.replaceProgram(
        ControlBlocks.build(
            List.of(
                new BlockSpec(
                    "hysteresis",
                    Map.of(
                        "level", "level", "output", "valve", "low", "low", "high", "high", "action",
                        "drain"))),
            img));
    p.scan(0.1);
    assertThat(img.get("valve")).isZero();
  }

  @Test
  void badBlocksAreRejectedWithTheParameterNamed() {
    ProcessImage img = image();
    assertThatThrownBy(() -> ControlBlocks.build(List.of(new BlockSpec("fuzzy", Map.of())), img))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("fuzzy")
        .extracting(e -> ((OtlabException) e).remedy())
        .asString()
        .contains("pid");
    assertThatThrownBy(
            () -> ControlBlocks.build(List.of(new BlockSpec("pid", Map.of("pv", "pv"))), img))
        .hasMessageContaining("needs parameter");
    assertThatThrownBy(
            () ->
                ControlBlocks.build(
                    List.of(
                        new BlockSpec(
                            "interlock",
                            Map.of(
                                "input", "pv", "output", "valve", "below", "1", "colour", "red"))),
                    img))
        .hasMessageContaining("colour");
    assertThatThrownBy(
            () ->
                ControlBlocks.build(
                    List.of(
                        new BlockSpec(
                            "interlock", Map.of("input", "nope", "output", "valve", "below", "1"))),
                    img))
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                ControlBlocks.build(
                    List.of(
                        new BlockSpec(
                            "hysteresis",
                            Map.of(
                                "level", "level", "output", "valve", "low", "1", "high", "2",
                                "action", "up"))),
                    img))
        .hasMessageContaining("action");
  }
}
