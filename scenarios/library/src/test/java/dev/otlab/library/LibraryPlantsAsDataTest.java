package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.process.LimitCrossing;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Phase;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.Plant;
import dev.otlab.simulator.plant.PlantProcess;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The library plants declare their process as equations; the Java models they replaced stay as the
 * reference. Each plant runs whole (its PLCs, SIS, sensor noise and disturbances on one seed) once
 * in its data form and once with the Java model in its place, and every process tag, every
 * controller register and every limit crossing agrees. Ten minutes in, an upset drives each plant
 * past a trip limit, so spills, trips and the SIS are compared too, not only steady control.
 */
class LibraryPlantsAsDataTest {

  /**
   * Simulated time of each run: long enough for the loops to cycle many times and the upset to play
   * out.
   */
  private static final double SECONDS = 1800;

  private static final double SAMPLE = 10;

  record Run(List<Map<String, Double>> samples, List<Map<String, Double>> images, Plant plant) {}

  /**
   * The upset of each plant, written as an operator would: water treatment with its SIS bypassed,
   * the inflow valve held open and the transfer pump stopped (the raw tank overflows); the
   * reactor's SIS bypassed and its coolant pump stopped (a runaway).
   */
  private static final Map<String, Map<String, Double>> UPSETS =
      Map.of(
          "water-treatment", Map.of("sis_bypass", 1.0, "inflow_valve", 1.0, "pump_on", 0.0),
          "chemical-reactor", Map.of("sis_bypass", 1.0, "coolant_pump", 0.0));

  /**
   * How closely the forms agree over the whole run. The reactor's runaway multiplies the
   * integrator's own error (its rate doubles within seconds): DeclaredReferenceModelsTest shows the
   * Java model against itself, perturbed by 1e-15, drifting as far on that transient.
   */
  private static final Map<String, Double> TOLERANCE =
      Map.of("water-treatment", 1e-9, "chemical-reactor", 1e-3);

  private static Run run(PlantSpec spec) {
    LabClock clock = new LabClock(21, Speed.MAX);
    Plant plant = Plant.create(spec, clock);
    plant.schedule();
    clock.scheduleAt(
        "upset",
        Phase.OUTPUTS,
        600,
        () -> new java.util.TreeMap<>(UPSETS.get(spec.id())).forEach(plant::set));
    List<Map<String, Double>> samples = new ArrayList<>();
    List<Map<String, Double>> images = new ArrayList<>();
    clock.schedulePeriodic(
        "sample",
        Phase.SENSORS,
        SAMPLE,
        0,
        () -> {
          samples.add(new LinkedHashMap<>(plant.processValues()));
          Map<String, Double> registers = new LinkedHashMap<>();
          plant
              .controllers()
              .forEach(
                  c ->
                      c.image()
                          .points()
                          .forEach(
                              p -> registers.put(c.id() + "/" + p.tag(), c.image().get(p.tag()))));
          images.add(registers);
        });
    clock.runUntil(SECONDS);
    return new Run(samples, images, plant);
  }

  /**
   * The largest relative gap between two runs' samples ({@code |a - b| / (1 + |b|)}), with both
   * sampling the same names.
   */
  private static double gap(String what, List<Map<String, Double>> a, List<Map<String, Double>> b) {
    assertThat(a).hasSameSizeAs(b);
    double worst = 0;
    String where = "nowhere";
    for (int i = 0; i < b.size(); i++) {
      assertThat(a.get(i).keySet()).as(what).containsAll(b.get(i).keySet());
      for (Map.Entry<String, Double> e : b.get(i).entrySet()) {
        double gap =
            Math.abs(a.get(i).get(e.getKey()) - e.getValue()) / (1 + Math.abs(e.getValue()));
        if (gap > worst) {
          worst = gap;
          where = e.getKey() + " at " + (i + 1) * SAMPLE + " s";
        }
      }
    }
    System.out.printf("%s: largest relative gap %.3g (%s)%n", what, worst, where);
    return worst;
  }

  @ParameterizedTest
  @ValueSource(strings = {"water-treatment", "chemical-reactor"})
  void theDataFormRunsAsTheJavaModel(String id) {
    PlantSpec data = PlantLoader.load(id);
    assertThat(data.process()).isInstanceOf(PlantProcess.Declared.class);
    PlantSpec java =
        new PlantSpec(
            data.id(),
            data.title(),
            data.description(),
            new PlantProcess.Kind(id, data.parameters()),
            data.tags(),
            data.controllers(),
            data.disturbances());
    Run d = run(data);
    Run j = run(java);
    int upset = (int) (600 / SAMPLE) - 1;
    // Up to the upset the plants are under control and the forms agree to rounding.
    assertThat(
            gap(
                id + " process before the upset",
                d.samples().subList(0, upset),
                j.samples().subList(0, upset)))
        .isLessThan(1e-9);
    assertThat(gap(id + " process", d.samples(), j.samples())).isLessThan(TOLERANCE.get(id));
    // What the controllers saw and commanded: measured values (noise included), setpoints,
    // outputs, and every discrete decision (a pump started, a trip latched) alike.
    assertThat(gap(id + " registers", d.images(), j.images())).isLessThan(TOLERANCE.get(id));
    List<LimitCrossing> dc = d.plant().crossings();
    List<LimitCrossing> jc = j.plant().crossings();
    System.out.printf("%s: %d crossings %s%n", id, jc.size(), jc);
    assertThat(jc).as("the upset crosses a trip limit").isNotEmpty();
    assertThat(dc).hasSameSizeAs(jc);
    for (int i = 0; i < jc.size(); i++) {
      assertThat(dc.get(i).limit()).isEqualTo(jc.get(i).limit());
      assertThat(dc.get(i).entered()).isEqualTo(jc.get(i).entered());
      assertThat(dc.get(i).time())
          .isCloseTo(jc.get(i).time(), org.assertj.core.api.Assertions.within(1e-3));
    }
  }
}
