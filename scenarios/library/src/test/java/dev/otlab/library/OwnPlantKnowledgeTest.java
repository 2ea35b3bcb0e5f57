package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otlab.detection.Alert;
import dev.otlab.detection.DetectionEngine;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.process.MimicLayout;
import dev.otlab.process.ProcessModels;
import dev.otlab.process.knowledge.PlantKnowledge;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plant of one's own, from a folder outside the library, on a Java model kind that describes no
 * knowledge (the draining tank): its file's production, balance and mimic are what the scorecard,
 * the process detector and the dashboard get. The detector is fed the values a sensor would decode
 * from the HMI's polls, first consistent with the physics, then with the level held while the tank
 * fills.
 */
class OwnPlantKnowledgeTest {

  static final String PLANT =
      """
      id: drain-site
      title: Drain site
      description: A tank filled through a valve and draining through an orifice.
      process:
        model: draining-tank
        parameters: {area: 2.0, height: 3.0}
      tags:
        - {name: level, unit: m, trip: {high: 2.95}}
        - {name: inflow, unit: m3/h}
        - {name: outflow, unit: m3/h}
      controllers:
        - id: plc-tank
          points:
            - {tag: level, table: input-register, address: 0, type: int16, scale: 1000, min: 0, max: 10, input: level}
            - {tag: inflow, table: input-register, address: 1, type: int16, scale: 10, min: 0, max: 100, input: inflow}
            - {tag: outflow, table: input-register, address: 2, type: int16, scale: 10, min: 0, max: 100, input: outflow}
      production: {unit: m3 drained, factors: [outflow], per: h}
      balances:
        - name: drain-tank
          measured: level
          rate: (inflow - outflow) / area
          holds: {above: 0.05, below: height - 0.05}
          sigma: 0.004
          description: The tank's mass balance from its reported flows.
      mimic:
        title: Drain site mimic
        width: 300
        height: 200
        pipes: [{medium: process, points: [[10, 40], [100, 40]]}]
        captions: [{x: 290, y: 190, anchor: end, text: "drain →"}]
        units:
          - {type: tank, label: T-1, x: 100, y: 20, width: 80, height: 150, levelTag: level, fullLevel: height, instrument: LIT-1}
          - {type: readout, label: FIT-2 outflow, x: 200, y: 180, tag: outflow}
      """;

  static final String ARCHITECTURE =
      """
      id: drain-site-flat
      plant: drain-site.yaml
      zones:
        - {id: ops, level: 3, slt: 2}
        - {id: control, level: 1, slt: 2}
      hosts:
        - {id: hmi, zone: ops, role: hmi}
        - {id: plc, zone: control, role: plc, controller: plc-tank}
      conduits:
        - id: ops-control
          between: [ops, control]
          rules:
            - {from: host:hmi, to: host:plc, protocol: modbus, functionCodes: [4], action: allow}
      sensors: {taps: [ops-control]}
      """;

  @TempDir static Path folder;
  static PlantSpec plant;
  static ArchitectureSpec architecture;

  @BeforeAll
  static void writeTheFiles() throws Exception {
    Files.writeString(folder.resolve("drain-site.yaml"), PLANT);
    Files.writeString(folder.resolve("drain-site-flat.yaml"), ARCHITECTURE);
    architecture = ArchitectureLoader.load(folder.resolve("drain-site-flat.yaml").toString());
    plant = PlantLoader.load(folder.resolve("drain-site.yaml").toString());
  }

  @Test
  void theKnowledgeComesFromTheFileSinceTheJavaKindDescribesNone() {
    var kind = ProcessModels.kind("draining-tank");
    var defaults = ProcessModels.resolve("draining-tank", plant.parameters());
    assertThat(kind.balances(defaults)).isEmpty();
    assertThat(kind.mimic(defaults)).isEmpty();

    PlantKnowledge k = plant.knowledge();
    assertThat(k.production().orElseThrow().unit()).isEqualTo("m3 drained");
    assertThat(k.production().orElseThrow().secondsPerTimeUnit()).isEqualTo(3600);
    assertThat(k.balances())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.name()).isEqualTo("drain-tank");
              assertThat(b.reads()).containsExactly("inflow", "outflow");
              assertThat(b.holdsBelow()).isEqualTo(2.95);
              assertThat(b.sigma()).isEqualTo(0.004);
              // 7.2 m3/h net into 2 m2: 1 mm/s, with no 3600 written in the rate.
              assertThat(b.rate().perSecond(new double[] {10.0, 2.8})).isEqualTo(0.001, within());
            });
    MimicLayout mimic = k.mimic().orElseThrow();
    assertThat(mimic.units())
        .first()
        .isInstanceOfSatisfying(
            MimicLayout.Tank.class, t -> assertThat(t.fullLevel()).isEqualTo(3.0));
    // A profile may name the declared balance once the plant is loaded.
    assertThat(DetectionProfile.knownBalances()).contains("drain-tank", "raw-tank");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-15);
  }

  /** The HMI's poll of plc-tank's three input registers, as the sensor decodes it. */
  private static ProtocolEvent poll(double time, double level, double inflow, double outflow) {
    return new ProtocolEvent(
        time,
        "ops-control",
        "ops-control#1",
        "hmi",
        "plc",
        Protocol.MODBUS,
        "READ_INPUT_REGISTERS",
        4,
        1,
        0,
        3,
        -1,
        0,
        List.of(),
        List.of(
            (double) Math.round(level * 1000),
            (double) Math.round(inflow * 10),
            (double) Math.round(outflow * 10)),
        ProtocolEvent.Result.OK,
        0,
        false,
        "ops-control",
        null);
  }

  /**
   * An hour of a tank filling and draining in turns; {@code shown} turns the true level into the
   * one the HMI is shown.
   */
  private static List<Alert> play(String profileYaml, DoubleUnaryOperator shownAt) {
    DetectionEngine e =
        new DetectionEngine(
            DetectionLoader.parse("own.yaml", profileYaml), plant, architecture, null);
    Random noise = new Random(5);
    double level = 1.0;
    for (int t = 0; t < 3600; t++) {
      double inflow = (t / 600) % 2 == 0 ? 10.0 : 2.0;
      double outflow = 6.0 + 0.05 * noise.nextGaussian();
      level += (inflow - outflow) / 3600 / 2.0;
      double shown = t < 1200 ? level : shownAt.applyAsDouble(level);
      e.accept(poll(t + 0.01, shown, inflow, outflow));
      e.advanceTo(t + 1);
    }
    return e.alerts().stream().filter(a -> a.rule().startsWith("residual-")).toList();
  }

  private static final String PROFILE = "id: own\nprocess: {calibration: the plant's own sigma}\n";

  @Test
  void theDeclaredBalanceWithItsOwnSigmaCatchesALevelHeldWhileTheTankFills() {
    assertThat(play(PROFILE, v -> v)).isEmpty();
    double[] held = {Double.NaN};
    List<Alert> alerts =
        play(
            PROFILE,
            v -> {
              if (Double.isNaN(held[0])) {
                held[0] = v;
              }
              return held[0];
            });
    assertThat(alerts)
        .first()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("residual-drain-tank");
              assertThat(a.time()).isBetween(1200.0, 1400.0);
              assertThat(a.destinationHost()).isEqualTo("plc");
            });
  }

  @Test
  void theProfileOverridesTheDeclaredSigmaByNameAndRefusesAMisspeltOne() {
    String loose =
        "id: own\nprocess: {residualSigma: {drain-tank: 100}, calibration: deliberately deaf}\n";
    assertThat(play(loose, v -> 1.5)).isEmpty();
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                DetectionLoader.parse(
                    "typo.yaml",
                    "id: own\nprocess: {residualSigma: {drain-tnak: 1}, calibration: x}\n"));
    assertThat(e.problems())
        .extracting(Problem::path)
        .containsExactly("process.residualSigma.drain-tnak");
  }

  /** Each mistake is reported at its path, with what is wrong. */
  @Test
  void mistakesInTheSectionsAreReportedAtTheirPaths() {
    // A volume flow is not a level rate: the area is missing.
    assertThat(problem("rate: (inflow - outflow) / area", "rate: inflow - outflow"))
        .startsWith("balances[0].rate: The rate of balance drain-tank has dimension ")
        .contains("but d(level)/dt needs");
    assertThat(problem("rate: (inflow - outflow) / area", "rate: (inflow - outflw) / area"))
        .startsWith("balances[0].rate: ")
        .contains("outflw");
    assertThat(problem("measured: level", "measured: levle"))
        .startsWith("balances[0].measured: 'levle' is not a tag");
    assertThat(problem("fullLevel: height", "fullLevel: hieght"))
        .startsWith("mimic.units[0].fullLevel: ")
        .contains("hieght");
    assertThat(problem("tag: outflow}", "tag: outflo}"))
        .startsWith("mimic.units[1].tag: 'outflo' is not a tag of the plant.");
    assertThat(problem("per: h", "per: m")).isEqualTo("production.per: 'm' is not a unit of time.");
    assertThat(problem("sigma: 0.004", "sigma: 0")).startsWith("balances[0].sigma: ");
  }

  private static String problem(String from, String to) {
    assertThat(PLANT).contains(from);
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () -> PlantLoader.parse("broken.yaml", PLANT.replace(from, to)));
    assertThat(e).as(to).isNotNull();
    assertThat(e.problems()).as(to).hasSize(1);
    Problem p = e.problems().get(0);
    return p.path() + ": " + p.message();
  }
}
