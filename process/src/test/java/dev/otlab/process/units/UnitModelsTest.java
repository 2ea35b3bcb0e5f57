package dev.otlab.process.units;

import static dev.otlab.process.units.ComposedPlants.stream;
import static dev.otlab.process.units.ComposedPlants.unit;
import static dev.otlab.process.units.ComposedPlants.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.process.CstrModel;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.TrajectoryComparison;
import dev.otlab.process.TrajectoryComparison.Change;
import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.units.UnitPlant.Stream;
import dev.otlab.process.units.UnitPlant.UnitInstance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each unit model against a closed-form result, and the composition's validation. Small plants: a
 * unit between sources and sinks, its quantities bound to tags to read them.
 */
class UnitModelsTest {

  private static final double G = 9.81;

  private static UnitPlant plant(
      List<UnitInstance> units, List<Stream> streams, Map<String, String> tags) {
    return new UnitPlant("test-plant", null, units, streams, tags, List.of(), List.of());
  }

  /** A simulation of the plant watching the units' own events. */
  private static ProcessSimulation sim(UnitPlant plant) {
    ProcessModelSpec spec = plant.spec();
    ProcessSimulation sim = new ProcessSimulation(spec.create(Map.of()));
    spec.limits().forEach(sim::addLimit);
    return sim;
  }

  /** A tank on no line: a declared model needs a state, and these plants have none else. */
  private static UnitInstance idleTank() {
    return unit("idle", "tank", with());
  }

  /**
   * Advances in 2 s windows until the tag falls below the level; the crossing time, which the
   * simulation's event detection locates inside the window.
   */
  private static double timeToFall(ProcessSimulation sim, String tag, double level) {
    sim.addLimit(new SafetyLimit(tag, SafetyLimit.Direction.LOW, level, "low"));
    for (int i = 1; i <= 10_000 && sim.crossings().isEmpty(); i++) {
      sim.advanceTo(i * 2.0);
    }
    assertThat(sim.crossings()).hasSize(1);
    return sim.crossings().get(0).time();
  }

  private static UnitPlant drainingTank(Map<String, String> params, Map<String, String> options) {
    Map<String, String> o = new java.util.HashMap<>(options);
    o.put("outlet", "gravity");
    o.put("track", "none");
    return plant(
        List.of(unit("t", "tank", params, o), unit("drain", "sink", with())),
        List.of(stream("s", "t", "drain")),
        Map.of());
  }

  @Test
  void tankDrainsByTorricelliForEveryShape() {
    double k = 0.61 * 1e-3 * Math.sqrt(2 * G);
    // Vertical cylinder, A = 1 m^2: t = A / k * 2 (sqrt(h0) - sqrt(h1)).
    double vertical =
        timeToFall(
            sim(drainingTank(with("area", 1, "initial_level", 1), Map.of())), "t_level", 0.01);
    assertThat(vertical).isCloseTo(1 / k * 2 * (1 - 0.1), within(0.2));
    // Horizontal cylinder, A = 2 L sqrt(h (D - h)): t = 2 L / k * 2/3 ((D - h1)^1.5 - (D -
    // h0)^1.5).
    double d = 2;
    double l = 3;
    double horizontal =
        timeToFall(
            sim(
                drainingTank(
                    with("diameter", d, "length", l, "initial_level", 1.8),
                    Map.of("shape", "horizontal-cylinder"))),
            "t_level",
            0.2);
    assertThat(horizontal)
        .isCloseTo(
            2 * l / k * 2 / 3 * (Math.pow(d - 0.2, 1.5) - Math.pow(d - 1.8, 1.5)), within(0.2));
    // Sphere, A = pi h (D - h): t = pi / k [2/3 D h^1.5 - 2/5 h^2.5] from h1 to h0.
    double sphere =
        timeToFall(
            sim(drainingTank(with("diameter", d, "initial_level", 1.8), Map.of("shape", "sphere"))),
            "t_level",
            0.2);
    java.util.function.DoubleUnaryOperator f =
        h -> 2.0 / 3 * d * Math.pow(h, 1.5) - 0.4 * Math.pow(h, 2.5);
    assertThat(sphere)
        .isCloseTo(Math.PI / k * (f.applyAsDouble(1.8) - f.applyAsDouble(0.2)), within(0.2));
    // A cone written as expressions, A = c h with c = 2 m: t = 2c / (3k) (h0^1.5 - h1^1.5).
    double cone =
        timeToFall(
            sim(
                drainingTank(
                    with("height", 3, "initial_level", 2),
                    Map.of("shape", "custom", "area", "2[m] * level", "volume", "1[m] * level^2"))),
            "t_level",
            0.5);
    assertThat(cone)
        .isCloseTo(2 * 2 / (3 * k) * (Math.pow(2, 1.5) - Math.pow(0.5, 1.5)), within(0.2));
  }

  @Test
  void valveCharacteristicsSizingAndActuatorLag() {
    List<UnitInstance> units = new java.util.ArrayList<>();
    List<Stream> streams = new java.util.ArrayList<>();
    Map<String, String> tags = new java.util.HashMap<>();
    String[][] valves = {
      {"lin", "linear", "max-flow"},
      {"eqp", "equal-percentage", "max-flow"},
      {"qop", "quick-opening", "max-flow"},
      {"kvv", "linear", "kv"}
    };
    units.add(idleTank());
    for (String[] v : valves) {
      units.add(unit(v[0] + "_src", "source", with("pressure", 4)));
      units.add(
          unit(
              v[0],
              "valve",
              with("max_flow", 20, "kv", 10, "rangeability", 50, "initial_command", 0.5),
              with("characteristic", v[1], "sizing", v[2])));
      units.add(unit(v[0] + "_out", "sink", with()));
      streams.add(stream(v[0] + "_a", v[0] + "_src", v[0]));
      streams.add(stream(v[0] + "_b", v[0], v[0] + "_out"));
      tags.put(v[0] + "_q", v[0] + "_b_flow");
    }
    ProcessSimulation sim = sim(plant(units, streams, tags));
    assertThat(sim.value("lin_q")).isCloseTo(10, within(1e-9));
    assertThat(sim.value("eqp_q")).isCloseTo(20 * Math.pow(50, -0.5), within(1e-9));
    assertThat(sim.value("qop_q")).isCloseTo(20 * Math.sqrt(0.5), within(1e-9));
    // Kv: Q = Kv f sqrt(dp / 1 bar) = 10 * 0.5 * sqrt(4).
    assertThat(sim.value("kvv_q")).isCloseTo(10, within(1e-9));
    // A step of the command: the stem follows with the 5 s lag.
    sim.setInput("lin_command", 1);
    sim.advanceTo(5);
    assertThat(sim.value("lin_position")).isCloseTo(1 - 0.5 * Math.exp(-1), within(1e-6));
    assertThat(sim.value("lin_q")).isCloseTo(20 * (1 - 0.5 * Math.exp(-1)), within(1e-5));
  }

  @Test
  void pumpCurveSuctionLossAndDryRun() {
    // A centrifugal pump from a tank to a drain: H0 = 30 m, rated 30 m^3/h at 20 m.
    java.util.function.BiFunction<Double, Double, ProcessSimulation> pumping =
        (level, dischargeHead) ->
            sim(
                plant(
                    List.of(
                        unit(
                            "t",
                            "tank",
                            with("area", 100, "height", 5, "initial_level", level),
                            with("track", "none")),
                        unit("p", "pump", with("discharge_head", dischargeHead)),
                        unit("d", "sink", with())),
                    List.of(stream("a", "t", "p"), stream("b", "p", "d")),
                    Map.of("q", "p_flow")));
    // Against 20 m + the tank's 1 m of suction head: Q = Qr sqrt((30 - 19) / 10).
    assertThat(pumping.apply(1.0, 20.0).value("q"))
        .isCloseTo(30 * Math.sqrt(11.0 / 10), within(1e-9));
    assertThat(pumping.apply(1.0, 26.0).value("q"))
        .isCloseTo(30 * Math.sqrt(5.0 / 10), within(1e-9));
    // Beyond the shut-off head nothing flows.
    assertThat(pumping.apply(1.0, 32.0).value("q")).isZero();
    // Half the suction level: half the flow, and it runs dry.
    ProcessSimulation low = pumping.apply(0.025, 20.0);
    assertThat(low.value("q"))
        .isCloseTo(0.5 * 30 * Math.sqrt((30 - 20 + 0.025) / 10), within(1e-9));
    assertThat(low.value("p_dry_run")).isEqualTo(1);
    assertThat(low.model().kind()).isEqualTo("test-plant");
  }

  @Test
  void pipeDelaysByItsResidenceTime() {
    // 0.1 m^3 at 3.6 m^3/h: V/Q = 100 s. A temperature and concentration step enters at t = 0.
    UnitPlant p =
        plant(
            List.of(
                unit(
                    "src",
                    "source",
                    with("temperature", 350, "concentration", 10, "initial_flow", 3.6),
                    with("flow", "set")),
                unit(
                    "pipe",
                    "pipe",
                    with("volume", 0.1, "initial_temperature", 300),
                    with("stages", 10.0)),
                unit("out", "sink", with())),
            List.of(stream("a", "src", "pipe"), stream("b", "pipe", "out")),
            Map.of("out_temp", "b_temp", "out_solute", "b_solute"));
    ProcessSimulation sim = sim(p);
    double dt = 0.5;
    double meanTemp = 0;
    double meanConc = 0;
    double previousT = 0;
    double previousC = 0;
    for (int i = 1; i <= 1600; i++) {
      sim.advanceTo(i * dt);
      double t = 1 - (sim.value("out_temp") - 300) / 50;
      double c = 1 - sim.value("out_solute") / 36; // 3.6 m^3/h * 10 mg/L = 36 g/h
      meanTemp += dt * (t + previousT) / 2;
      meanConc += dt * (c + previousC) / 2;
      previousT = t;
      previousC = c;
      if (i == 1) {
        meanTemp = dt * (1 + t) / 2;
        meanConc = dt * (1 + c) / 2;
      }
    }
    // The mean delay of N lags in series, the integral of (1 - step response), is V/Q for any N.
    assertThat(meanTemp).isCloseTo(100, within(0.05));
    assertThat(meanConc).isCloseTo(100, within(0.05));
  }

  @Test
  void mixerAndSplitterBalanceMassAndComponent() {
    UnitPlant p =
        plant(
            List.of(
                unit(
                    "a",
                    "source",
                    with("temperature", 300, "concentration", 0, "initial_flow", 1),
                    with("flow", "set")),
                unit(
                    "b",
                    "source",
                    with("temperature", 340, "concentration", 8, "initial_flow", 3),
                    with("flow", "set")),
                unit("mix", "mixer", with()),
                unit("split", "splitter", with("initial_fraction", 0.25)),
                unit("o1", "sink", with()),
                unit("o2", "sink", with()),
                idleTank()),
            List.of(
                stream("sa", "a", "mix.inlet1"),
                stream("sb", "b", "mix.inlet2"),
                stream("m", "mix", "split"),
                stream("x1", "split.outlet1", "o1"),
                stream("x2", "split.outlet2", "o2")),
            Map.of(
                "mixed_flow", "m_flow",
                "mixed_temp", "m_temp",
                "mixed_solute", "m_solute",
                "q1", "x1_flow",
                "q2", "x2_flow",
                "solute2", "x2_solute"));
    ProcessSimulation sim = sim(p);
    assertThat(sim.value("mixed_flow")).isCloseTo(4, within(1e-12));
    assertThat(sim.value("mixed_temp")).isCloseTo(330, within(1e-9));
    assertThat(sim.value("mixed_solute")).isCloseTo(24, within(1e-9)); // 3 m^3/h * 8 g/m^3
    assertThat(sim.value("q1")).isCloseTo(1, within(1e-12));
    assertThat(sim.value("q2")).isCloseTo(3, within(1e-12));
    assertThat(sim.value("solute2")).isCloseTo(18, within(1e-9));
  }

  @Test
  void heatExchangerMatchesTheEffectivenessNtuRelation() {
    for (double coldFlow : new double[] {7.2, 3.6}) {
      UnitPlant p =
          plant(
              List.of(
                  unit(
                      "h",
                      "source",
                      with("temperature", 360, "initial_flow", 3.6),
                      with("flow", "set")),
                  unit(
                      "c",
                      "source",
                      with("temperature", 290, "initial_flow", coldFlow),
                      with("flow", "set")),
                  unit("hx", "heat-exchanger", with("ua", 5000)),
                  unit("ho", "sink", with()),
                  unit("co", "sink", with()),
                  idleTank()),
              List.of(
                  stream("hi", "h", "hx.hot_in"),
                  stream("ci", "c", "hx.cold_in"),
                  stream("hout", "hx.hot_out", "ho"),
                  stream("cout", "hx.cold_out", "co")),
              Map.of("hot_out", "hout_temp", "cold_out", "cout_temp"));
      ProcessSimulation sim = sim(p);
      double cHot = 1000 * 4180 * 3.6 / 3600;
      double cCold = 1000 * 4180 * coldFlow / 3600;
      double cMin = Math.min(cHot, cCold);
      double cr = cMin / Math.max(cHot, cCold);
      double ntu = 5000 / cMin;
      double eps =
          cr == 1
              ? ntu / (1 + ntu)
              : (1 - Math.exp(-ntu * (1 - cr))) / (1 - cr * Math.exp(-ntu * (1 - cr)));
      double duty = eps * cMin * 70;
      assertThat(sim.value("hx_duty")).isCloseTo(duty / 1000, within(1e-9));
      assertThat(sim.value("hot_out")).isCloseTo(360 - duty / cHot, within(1e-9));
      assertThat(sim.value("cold_out")).isCloseTo(290 + duty / cCold, within(1e-9));
    }
  }

  @Test
  void dosedTankApproachesItsSteadyStateAndTheDoseDecaysFirstOrder() {
    // 1 m^3/h through a 1 m^3 tank, 10 g/h dosed, k = 1e-3 1/s:
    // c(t) = c_ss (1 - exp(-(Q/V + k) t)) with c_ss = D / (Q + k V).
    UnitPlant p =
        plant(
            List.of(
                unit("src", "source", with("initial_flow", 1), with("flow", "set")),
                unit("dose", "dosing", with("initial_rate", 10)),
                unit(
                    "t",
                    "tank",
                    with("area", 1, "height", 2, "initial_level", 1, "decay", 1e-3),
                    with("track", "concentration")),
                unit("use", "sink", with("initial_demand", 1), with("flow", "demand"))),
            List.of(stream("a", "src", "dose"), stream("b", "dose", "t"), stream("c", "t", "use")),
            Map.of());
    ProcessSimulation sim = sim(p);
    double rate = 1.0 / 3600 + 1e-3;
    double steady = 10.0 / 3600 / rate; // g/m^3 = mg/L
    double tau = 1 / rate;
    sim.advanceTo(tau);
    assertThat(sim.value("t_level")).isCloseTo(1, within(1e-9));
    assertThat(sim.value("t_concentration"))
        .isCloseTo(steady * (1 - Math.exp(-1)), within(steady * 1e-6));
    // Flow and dose stop: the chlorine decays alone, c = c0 exp(-k t).
    double c0 = sim.value("t_concentration");
    sim.setInput("src_flow", 0);
    sim.setInput("use_demand", 0);
    sim.setInput("dose_rate", 0);
    sim.advanceTo(tau + 1000);
    assertThat(sim.value("t_concentration")).isCloseTo(c0 * Math.exp(-1), within(c0 * 1e-6));
  }

  @Test
  void jacketedCstrComposedWithAFeedValveReproducesCstrModel() {
    UnitPlant p =
        new UnitPlant(
            "cstr-units",
            null,
            List.of(
                // 1 mol/L of A at 100 g/mol is 100 g/L = 1e5 mg/L.
                unit("feed", "source", with("temperature", 350, "concentration", 1e5)),
                unit("fv", "valve", with("max_flow", 6, "time_constant", 3, "initial_command", 1)),
                unit("r", "cstr", with("molar_mass", 100)),
                unit("product", "sink", with())),
            List.of(
                stream("f", "feed", "fv"), stream("q", "fv", "r"), stream("out", "r", "product")),
            Map.of(
                "concentration_a", "r_concentration_a",
                "reactor_temp", "r_temp",
                "coolant_temp", "r_coolant_temp",
                "coolant_temp_actual", "r_coolant_temp_actual",
                "coolant_pump", "r_coolant_pump",
                "feed_valve", "fv_command",
                "feed_position", "fv_position",
                "reaction_rate", "r_rate",
                "heat_generated", "r_heat_generated",
                "heat_removed", "r_heat_removed"),
            List.of(
                new Output("feed_flow", "q_flow", "L/min"),
                new Output(
                    "conversion", "1 - concentration_a / (feed_concentration / r_molar_mass)", "")),
            List.of());
    CstrModel java = new CstrModel();
    ProcessSimulation reference = new ProcessSimulation(java);
    ProcessSimulation candidate = sim(p);
    List<String> tags = List.copyOf(java.units().keySet());
    TrajectoryComparison.Result r =
        TrajectoryComparison.compare(
            reference,
            candidate,
            tags,
            List.of(
                new Change(60, "coolant_temp", 290),
                new Change(200, "feed_valve", 0.5),
                new Change(400, "coolant_pump", 0),
                new Change(450, "coolant_pump", 1)),
            600,
            0.1);
    for (String tag : tags) {
      double scale = Math.max(1, Math.abs(reference.value(tag)));
      assertThat(r.maxDifference(tag))
          .as("%s at %s s", tag, r.worstTime().get(tag))
          .isLessThan(1e-6 * scale);
    }
  }

  @Test
  void drumHeatsAtTheRateOfItsLumpedEnergyBalanceAndBurnerFlagsItsHazards() {
    UnitPlant p =
        plant(
            List.of(
                unit("fw", "source", with("temperature", 380), with("flow", "set")),
                unit(
                    "b",
                    "burner",
                    with("initial_firing_rate", 0.5, "initial_fuel_valve", 1, "initial_fan_on", 1)),
                unit("d", "drum", with("initial_steam_valve", 0))),
            List.of(stream("feed", "fw", "d.feed"), stream("heat", "b", "d.heat")),
            Map.of());
    ProcessSimulation sim = sim(p);
    assertThat(sim.value("d_pressure")).isCloseTo(10, within(1e-9));
    assertThat(sim.value("b_flame")).isEqualTo(1);
    double q = 0.85 * 50e6 * 0.3 * 0.5;
    assertThat(sim.value("b_heat_release")).isCloseTo(q / 1000, within(1e-6));
    // Half full horizontal drum: V = pi R^2 L / 2; a sealed drum heats linearly.
    double mass = 890 * Math.PI * 0.75 * 0.75 * 6 / 2;
    double heatCapacity = mass * 4400 + 5e6;
    sim.advanceTo(100);
    double temp = 453.03 + q * 100 / heatCapacity;
    assertThat(sim.value("d_temperature")).isCloseTo(temp, within(1e-6));
    assertThat(sim.value("d_level")).isCloseTo(0.75, within(1e-12));
    double pressure = 10 * Math.exp(2.0e6 / 461.5 * (1 / 453.03 - 1 / temp));
    assertThat(sim.value("d_pressure")).isCloseTo(pressure, within(1e-6));
    // Open the steam valve: steam leaves at rated_steam_flow * x * p / p_ref and the level falls.
    sim.setInput("d_steam_valve", 1);
    sim.advanceTo(100.1);
    assertThat(sim.value("d_steam_flow")).isCloseTo(5 * sim.value("d_pressure") / 10, within(1e-9));
    assertThat(sim.value("d_level")).isLessThan(0.75);
    // The fan stops with the fuel valve open: no flame, unburnt fuel, the unit's event.
    sim.setInput("b_fan_on", 0);
    sim.advanceTo(101);
    assertThat(sim.value("b_flame")).isZero();
    assertThat(sim.value("b_heat_release")).isZero();
    assertThat(sim.crossings()).extracting(c -> c.limit().tag()).containsExactly("b_unburnt_fuel");
    // Purge: fan on, fuel shut, purge_time (60 s) later the purge is complete.
    sim.setInput("b_fuel_valve", 0);
    sim.setInput("b_fan_on", 1);
    sim.advanceTo(160);
    assertThat(sim.value("b_purge_complete")).isZero();
    sim.advanceTo(161.1);
    assertThat(sim.value("b_purge_complete")).isEqualTo(1);
  }

  @Test
  void aComposedBoilerHoldsLevelAndPressureUnderSimpleControl() {
    // Feedwater from a header at 15 bar through a Kv valve into the drum, a burner under it; the
    // test plays two proportional loops (level -> feed valve with steam-flow feedforward,
    // pressure -> firing rate) and a demand step, as a boiler plant's PLCs would.
    UnitPlant p =
        plant(
            List.of(
                unit("header", "source", with("pressure", 15, "temperature", 380)),
                unit(
                    "fv",
                    "valve",
                    with("kv", 10, "outlet_pressure", 9, "density", 950, "initial_command", 0.4),
                    with("sizing", "kv")),
                unit(
                    "b",
                    "burner",
                    with(
                        "initial_firing_rate", 0.45, "initial_fuel_valve", 1, "initial_fan_on", 1)),
                unit("d", "drum", with("initial_steam_valve", 0.5))),
            List.of(
                stream("feed", "header", "fv"),
                stream("fw", "fv", "d.feed"),
                stream("heat", "b", "d.heat")),
            Map.of(
                "drum_level", "d_level",
                "drum_pressure", "d_pressure",
                "steam_flow", "d_steam_flow",
                "feedwater_flow", "d_feed_mass_flow",
                "steam_demand", "d_steam_valve",
                "feedwater_valve", "fv_command",
                "firing_rate", "b_firing_rate"));
    ProcessSimulation sim = sim(p);
    double minLevel = 1;
    double maxPressure = 0;
    for (int i = 1; i <= 3600; i++) {
      if (i == 1800) {
        sim.setInput("steam_demand", 0.7);
      }
      double level = sim.value("drum_level");
      double pressure = sim.value("drum_pressure");
      double steam = sim.value("steam_flow");
      sim.setInput("feedwater_valve", 0.16 * steam / 1 + 2 * (0.75 - level));
      sim.setInput("firing_rate", 0.45 + 0.3 * (10 - pressure) + 0.1 * (steam - 2.5));
      sim.advanceTo(i);
      if (i > 300) {
        minLevel = Math.min(minLevel, sim.value("drum_level"));
        maxPressure = Math.max(maxPressure, sim.value("drum_pressure"));
      }
    }
    assertThat(sim.value("steam_flow"))
        .isCloseTo(0.7 * 5 * sim.value("drum_pressure") / 10, within(1e-9));
    // Mass balance at the end: feedwater matches steam, level and pressure near their setpoints.
    assertThat(sim.value("feedwater_flow")).isCloseTo(sim.value("steam_flow"), within(0.05));
    // Proportional control leaves an offset: the pressure settles below 10 bar after the step.
    assertThat(sim.value("drum_level")).isBetween(0.7, 0.8);
    assertThat(sim.value("drum_pressure")).isBetween(9.5, 10.0);
    assertThat(minLevel).isGreaterThan(0.7);
    assertThat(maxPressure).isLessThan(10.5);
  }

  // ------------------------------------------------------------------ validation

  private static OtlabException error(Runnable r) {
    try {
      r.run();
    } catch (OtlabException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void registeredKindsAndClearErrors() {
    assertThat(UnitKinds.KINDS)
        .containsExactly(
            "burner",
            "cstr",
            "dosing",
            "drum",
            "heat-exchanger",
            "mixer",
            "pipe",
            "pump",
            "sink",
            "source",
            "splitter",
            "tank",
            "valve");
    OtlabException e =
        error(() -> plant(List.of(unit("x", "boiler", with())), List.of(), Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_KIND_UNKNOWN");
    assertThat(e.remedy()).contains("tank", "valve", "burner");

    e = error(() -> plant(List.of(unit("v", "valve", with())), List.of(), Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_PORT_UNCONNECTED");
    assertThat(e.getMessage()).contains("v.inlet");

    e =
        error(
            () ->
                plant(
                    List.of(
                        unit("s", "source", with()),
                        unit("v", "valve", with()),
                        unit("t", "tank", with())),
                    List.of(stream("a", "s", "v"), stream("b", "v", "t"), stream("c", "s", "t")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_PORT_CONNECTED_TWICE");
    assertThat(e.getMessage()).contains("s.outlet", "'a'", "'c'");

    e =
        error(
            () ->
                plant(
                    List.of(unit("b", "burner", with()), unit("t", "tank", with())),
                    List.of(stream("h", "b", "t")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("STREAM_QUANTITY_MISMATCH");
    assertThat(e.getMessage()).contains("heat", "liquid", "b.heat", "t.inlet");

    e = error(() -> plant(List.of(unit("t", "tank", with("volume", 3))), List.of(), Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_PARAMETER_UNKNOWN");
    assertThat(e.remedy()).contains("area", "diameter");

    e =
        error(
            () ->
                plant(
                    List.of(unit("t", "tank", with()), unit("d", "sink", with())),
                    List.of(stream("a", "t", "d")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("STREAM_FLOW_INVALID");
    assertThat(e.getMessage()).contains("Nothing sets the flow of stream 'a'");

    e =
        error(
            () ->
                plant(
                    List.of(
                        unit("t", "tank", with()),
                        unit("p", "pump", with()),
                        unit("v", "valve", with()),
                        unit("u", "tank", with())),
                    List.of(stream("a", "t", "p"), stream("b", "p", "v"), stream("c", "v", "u")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("STREAM_FLOW_INVALID");
    assertThat(e.getMessage()).contains("set at both ends");

    e =
        error(
            () ->
                plant(
                    List.of(
                        unit("s", "source", with()),
                        unit("v", "valve", with()),
                        unit("pipe", "pipe", with()),
                        unit("w", "valve", with()),
                        unit("t", "tank", with())),
                    List.of(
                        stream("a", "s", "v"),
                        stream("b", "v", "pipe"),
                        stream("c", "pipe", "w"),
                        stream("d", "w", "t")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("STREAM_FLOW_INVALID");
    assertThat(e.getMessage()).contains("on both sides");

    e =
        error(
            () ->
                plant(
                    List.of(unit("t", "tank", with(), with("shape", "cube"))),
                    List.of(),
                    Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_INVALID");
    assertThat(e.remedy()).contains("horizontal-cylinder");

    e =
        error(
            () ->
                plant(
                    List.of(
                        unit("s", "source", with()),
                        unit("v", "valve", with()),
                        unit("pipe", "pipe", with(), with("stages", "ten")),
                        unit("t", "tank", with())),
                    List.of(
                        stream("a", "s", "v"), stream("b", "v", "pipe"), stream("c", "pipe", "t")),
                    Map.of()));
    assertThat(e.code()).isEqualTo("UNIT_INVALID");
    assertThat(e.remedy()).contains("1 to 100");

    e = error(() -> plant(List.of(unit("t", "tank", with())), List.of(), Map.of("lvl", "t_lvl")));
    assertThat(e.code()).isEqualTo("UNIT_TAG_UNKNOWN");
    assertThat(e.remedy()).contains("t_level");

    assertThatThrownBy(
            () ->
                plant(
                    List.of(unit("t", "tank", with()), unit("d", "sink", with())),
                    List.of(stream("a", "t.bottom", "d")),
                    Map.of()))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("not an outlet");
  }
}
