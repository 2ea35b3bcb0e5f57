package dev.otlab.process.fmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.process.DrainingTankModel;
import dev.otlab.process.LimitCrossing;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.TrajectoryComparison;
import dev.otlab.process.TrajectoryComparison.Change;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The draining tank as an FMU (built by this module's build from src/test/fmu with gcc) against the
 * Java {@link DrainingTankModel}: the same trajectory through draining, filling to the rim,
 * overflowing and draining again, the same limit crossings, Torricelli's closed form, a trip taking
 * effect at its crossing, and the errors a bad FMU or binding gets.
 */
class FmuProcessModelTest {

  private static final double G = 9.81;
  private static final double WINDOW = 0.1;

  /** A tank that drains in minutes and overflows at the largest inflow. */
  private static final Map<String, Double> PARAMETERS =
      Map.of("area", 0.5, "orifice_area", 5e-4, "height", 2.0, "initial_level", 1.0);

  private static final Map<String, String> OUTPUTS = outputs();

  private static Map<String, String> outputs() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("level", "level");
    m.put("outflow", "outflow");
    m.put("overflow", "overflow");
    m.put("overflowing", "overflowing");
    return Collections.unmodifiableMap(m);
  }

  static Path builtFmu() {
    String p = System.getProperty("otlab.test.fmu.draining-tank", "target/fmu/draining-tank.fmu");
    Path fmu = Path.of(p);
    assertThat(fmu).as("the FMU the build makes in generate-test-resources").isRegularFile();
    return fmu;
  }

  /** The test FMU allocates a state for any pointer it did not hand out, so snapshots are safe. */
  static FmuSpec spec() {
    return new FmuSpec(
        builtFmu(), Map.of("inflow", "inflow"), OUTPUTS, PARAMETERS, FmuSpec.DEFAULT_STEP, true);
  }

  private static void limits(ProcessSimulation sim) {
    sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.LOW, 0.25, "low level"));
    sim.addLimit(new SafetyLimit("overflow", SafetyLimit.Direction.HIGH, 0.01, "overflow"));
  }

  @Test
  void theFmuFollowsTheJavaModelThroughDrainFillOverflowAndDrain() {
    ProcessSimulation java = new ProcessSimulation(new DrainingTankModel(PARAMETERS));
    limits(java);
    try (FmuProcessModel fmu = FmuProcessModel.open(spec())) {
      assertThat(fmu.kind()).isEqualTo("fmu:draining-tank");
      assertThat(fmu.values().keySet())
          .containsExactly("level", "outflow", "overflow", "overflowing", "inflow");
      assertThat(fmu.units()).containsEntry("level", "m").containsEntry("inflow", "m3/h");
      ProcessSimulation cosim = new ProcessSimulation(fmu);
      limits(cosim);
      // The FMU's own event flag, as a plant's trip limit on it would be.
      cosim.addLimit(new SafetyLimit("overflowing", SafetyLimit.Direction.HIGH, 0.5, "rim"));

      TrajectoryComparison.Result r =
          TrajectoryComparison.compare(
              java,
              cosim,
              List.of("level", "outflow", "overflow", "inflow"),
              List.of(new Change(1000, "inflow", 10), new Change(2200, "inflow", 0)),
              3000,
              WINDOW);

      // RK4 in 10 ms substeps against Dormand-Prince at 1e-8: micrometres on a 2 m tank.
      assertThat(r.maxDifference("level")).isLessThan(1e-6);
      assertThat(r.maxDifference("outflow")).isLessThan(1e-5);
      assertThat(r.maxDifference("overflow")).isLessThan(1e-5);
      assertThat(r.maxDifference("inflow")).isZero();
      assertThat(cosim.input("inflow")).isZero();

      List<LimitCrossing> expected = java.crossings();
      List<LimitCrossing> actual = cosim.crossings();
      // Low level (down, back up, down again), overflow (in, out), and the FMU's own flag.
      assertThat(expected).hasSize(5);
      assertThat(actual).hasSize(7);
      List<LimitCrossing> tankLimits =
          actual.stream().filter(c -> !c.limit().tag().equals("overflowing")).toList();
      double worstCrossing = 0;
      for (int i = 0; i < expected.size(); i++) {
        assertThat(tankLimits.get(i).limit()).isEqualTo(expected.get(i).limit());
        assertThat(tankLimits.get(i).entered()).isEqualTo(expected.get(i).entered());
        // The rim is a kink: the FMU clamps after each 10 ms RK4 substep, Dormand-Prince
        // interpolates, so they agree to within a substep there and far closer elsewhere.
        assertThat(tankLimits.get(i).time()).isCloseTo(expected.get(i).time(), within(0.01));
        worstCrossing =
            Math.max(worstCrossing, Math.abs(tankLimits.get(i).time() - expected.get(i).time()));
      }
      // Torricelli: from 1 m to the 0.25 m limit with no inflow.
      double torricelli = 0.5 / (0.61 * 5e-4) * (Math.sqrt(2 * 1.0 / G) - Math.sqrt(2 * 0.25 / G));
      assertThat(actual.get(0).time()).isCloseTo(torricelli, within(1e-3));
      // The FMU's event: the rim reached when the overflow starts, left when it stops.
      LimitCrossing rim =
          actual.stream().filter(c -> c.limit().tag().equals("overflowing")).findFirst().get();
      LimitCrossing overflow =
          actual.stream().filter(c -> c.limit().tag().equals("overflow")).findFirst().get();
      assertThat(rim.entered()).isTrue();
      assertThat(rim.time()).isCloseTo(overflow.time(), within(1e-3));
      assertThat(cosim.evaluations()).isGreaterThanOrEqualTo(30_000);
      System.out.printf(
          "FMU vs Java draining tank over 3000 s: max |level diff| %.2e m at t=%.1f s,"
              + " crossings within %.1e s, low-level crossing %.4f s (Torricelli %.4f s)%n",
          r.maxDifference("level"),
          r.worstTime().get("level"),
          worstCrossing,
          actual.get(0).time(),
          torricelli);
    }
  }

  @Test
  void aTripActsAtTheCrossingInsideTheStepWithSnapshotsAndAtItsEndWithout() {
    Trip located = trip(true);
    Trip interpolated = trip(false);

    assertThat(located.fmu().time()).isCloseTo(located.java().time(), within(1e-4));
    // Had the trip waited for the end of the 1 s step, the tank could have gained 5.6 mm more.
    assertThat(located.levelDifference()).isLessThan(1e-5);
    // Without snapshots the crossing is interpolated inside the step, but the valve closes at the
    // step's end: here 0.19 s late, 1.1 mm of inflow; at most one step's, 1 s of 10 m3/h on 0.5 m2.
    assertThat(interpolated.fmu().time()).isCloseTo(located.java().time(), within(0.01));
    assertThat(interpolated.levelDifference()).isGreaterThan(1e-4).isLessThan(10 / 3600.0 / 0.5);
    System.out.printf(
        "Trip at %.6f s (Java): FMU with snapshots %.6f s, level within %.1e m;"
            + " without %.6f s, level within %.1e m%n",
        located.java().time(),
        located.fmu().time(),
        located.levelDifference(),
        interpolated.fmu().time(),
        interpolated.levelDifference());
  }

  private record Trip(LimitCrossing java, LimitCrossing fmu, double levelDifference) {}

  /** The Java model and the FMU in 1 s steps, each with a trip closing the inflow at 1.5 m. */
  private static Trip trip(boolean snapshots) {
    ProcessSimulation java = new ProcessSimulation(new DrainingTankModel(PARAMETERS));
    try (FmuProcessModel fmu =
        FmuProcessModel.open(spec().withStep(1.0).withSnapshots(snapshots))) {
      ProcessSimulation cosim = new ProcessSimulation(fmu);
      for (ProcessSimulation sim : List.of(java, cosim)) {
        sim.addLimit(new SafetyLimit("level", SafetyLimit.Direction.HIGH, 1.5, "high level"));
        // A hard-wired trip: the inflow valve closes at the crossing, not at the next scan.
        sim.addListener(
            c -> {
              if (c.entered()) {
                sim.setInput("inflow", 0);
              }
            });
      }
      TrajectoryComparison.Result r =
          TrajectoryComparison.compare(
              java, cosim, List.of("level"), List.of(new Change(0, "inflow", 10)), 900, 1.0);
      // Entered once, left once as the tank drains after the trip.
      assertThat(java.crossings()).hasSize(2);
      assertThat(cosim.crossings()).hasSize(2);
      assertThat(cosim.value("level")).isLessThan(1.5);
      return new Trip(java.crossings().get(0), cosim.crossings().get(0), r.maxDifference("level"));
    }
  }

  @Test
  void parametersReachTheFmuAndInputsAreClampedToTheirDeclaredRange() {
    try (FmuProcessModel fmu =
        FmuProcessModel.open(spec().withParameters(Map.of("initial_level", 0.4)))) {
      assertThat(fmu.value("level")).isEqualTo(0.4);
      fmu.setInput("inflow", -3);
      assertThat(fmu.input("inflow")).isZero();
      assertThatThrownBy(() -> fmu.setInput("inflow", Double.NaN))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("PROCESS_INPUT_INVALID"));
      assertThatThrownBy(() -> fmu.value("pressure"))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("TAG_UNKNOWN"));
    }
  }

  @Test
  void badFilesAndBindingsGetTheirOwnErrors(@TempDir Path dir) throws IOException {
    Path fmu = builtFmu();
    assertCode(spec(dir.resolve("absent.fmu")), "FMU_FILE_MISSING", "absent.fmu");

    Path text = Files.writeString(dir.resolve("notes.fmu"), "not a zip", StandardCharsets.UTF_8);
    assertCode(spec(text), "FMU_NOT_A_ZIP", "not a zip archive");

    Path windowsOnly =
        rewrite(fmu, dir.resolve("windows.fmu"), name -> name.replace("linux64", "win64"), null);
    assertCode(spec(windowsOnly), "FMU_NO_BINARY", "[win64]");

    Path modelExchange =
        rewrite(
            fmu,
            dir.resolve("me.fmu"),
            UnaryOperator.identity(),
            xml -> xml.replace("<CoSimulation", "<ModelExchange"));
    assertCode(spec(modelExchange), "FMU_NOT_COSIMULATION", "model exchange only");

    Map<String, String> typo = new LinkedHashMap<>(OUTPUTS);
    typo.put("level", "levle");
    assertCode(
        new FmuSpec(fmu, Map.of("inflow", "inflow"), typo, Map.of(), 0.1, false),
        "FMU_VARIABLE_UNKNOWN",
        "level (output)");
    assertCode(
        new FmuSpec(
            fmu, Map.of("inflow", "level"), Map.of("outflow", "outflow"), Map.of(), 0.1, false),
        "FMU_BINDING_INVALID",
        "[inflow]");
    // The FMU refuses to initialize with its level above its rim: fmi2ExitInitializationMode.
    assertCode(
        spec().withParameters(Map.of("initial_level", 3.0)),
        "FMU_CALL_FAILED",
        "fmi2ExitInitializationMode");
  }

  private static FmuSpec spec(Path file) {
    return FmuSpec.of(file, Map.of(), Map.of("level", "level"));
  }

  private static void assertCode(FmuSpec spec, String code, String inMessage) {
    assertThatThrownBy(() -> FmuProcessModel.open(spec).close())
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage() + " " + e.remedy()).contains(inMessage);
            });
  }

  /** A copy of an FMU with its entries renamed and its model description edited. */
  private static Path rewrite(
      Path fmu, Path to, UnaryOperator<String> rename, UnaryOperator<String> editDescription)
      throws IOException {
    try (ZipFile in = new ZipFile(fmu.toFile());
        OutputStream file = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().equals("modelDescription.xml") && editDescription != null) {
          bytes =
              editDescription
                  .apply(new String(bytes, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(rename.apply(e.getName())));
        out.write(bytes);
        out.closeEntry();
      }
    }
    return to;
  }
}
