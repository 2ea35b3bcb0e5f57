package dev.otlab.process.declared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModelKind;
import dev.otlab.process.ProcessSimulation;
import dev.otlab.process.SafetyLimit.Direction;
import dev.otlab.process.declared.ProcessModelSpec.Algebraic;
import dev.otlab.process.declared.ProcessModelSpec.Event;
import dev.otlab.process.declared.ProcessModelSpec.Input;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.declared.ProcessModelSpec.Parameter;
import dev.otlab.process.declared.ProcessModelSpec.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ProcessModelSpecTest {

  /** A tank filled through a lagged valve in % and drained by a fixed demand. */
  private static ProcessModelSpec tank(
      List<State> states, List<Algebraic> algebraics, List<Output> outputs) {
    return new ProcessModelSpec(
        "test-tank",
        null,
        List.of(
            new Parameter("area", 2, "m^2", "cross-section", Constraint.POSITIVE),
            new Parameter("height", 3, "m", "rim", Constraint.POSITIVE),
            new Parameter("max_inflow", 36, "m^3/h", "inflow, valve open", Constraint.POSITIVE),
            new Parameter("initial_level", 1, "m", "level at t = 0", null)),
        states,
        List.of(
            new Input("valve", "%", "0", "100", "50", false, "2", null),
            new Input("demand", "m^3/h", "0", "max_inflow", "18", false, null, null),
            new Input("pump", "", "0", "1", "0.7", true, null, null)),
        algebraics,
        outputs,
        List.of(new Event("level", Direction.HIGH, 2.9, "spill")));
  }

  private static final State LEVEL =
      new State("level", "m", "initial_level", "(q_in - demand) / area", "0", "height");
  private static final Algebraic Q_IN = new Algebraic("q_in", "m^3/h", "max_inflow * valve_actual");

  private static ProcessModelSpec tank() {
    return tank(List.of(LEVEL), List.of(Q_IN), List.of(new Output("inflow", "q_in", null)));
  }

  private static OtlabException thrown(ThrowingCallable c) {
    try {
      c.call();
    } catch (OtlabException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    throw new AssertionError("nothing thrown");
  }

  @Test
  void aSpecCompilesToAModelThatConvertsUnitsLagsAndClampsItsInputs() {
    ProcessModelSpec spec = tank();
    DeclaredProcessModel m = spec.create(Map.of());
    assertThat(m.kind()).isEqualTo("test-tank");
    assertThat(m.stateTags()).containsExactly("level", "valve_actual");
    assertThat(m.inputTags()).containsExactly("valve", "demand", "pump");
    assertThat(m.units())
        .containsEntry("level", "m")
        .containsEntry("valve_actual", "%")
        .containsEntry("inflow", "m^3/h")
        .containsEntry("pump", "");
    // The state vector is in declared units: the lag state starts at 50 %.
    assertThat(m.initialState()).containsExactly(1.0, 50.0);
    assertThat(m.input("pump")).isEqualTo(1.0);
    assertThat(m.values(m.initialState()))
        .containsEntry("inflow", 18.0)
        .containsEntry("valve", 50.0);

    // 50 % of 36 m^3/h in against 18 m^3/h out: level holds; the lag moves 25 %/s towards 100.
    double[] yDot = new double[2];
    m.computeDerivatives(0, m.initialState(), yDot);
    assertThat(yDot[0]).isCloseTo(0, within(1e-15));
    m.setInput("valve", 150);
    assertThat(m.input("valve")).isEqualTo(100);
    m.computeDerivatives(0, m.initialState(), yDot);
    assertThat(yDot[1]).isCloseTo(25, within(1e-12));
    assertThat(thrown(() -> m.setInput("valve", Double.NaN)).code())
        .isEqualTo("PROCESS_INPUT_INVALID");
    assertThat(thrown(() -> m.setInput("level", 1)).code()).isEqualTo("TAG_UNKNOWN");
    assertThat(thrown(() -> m.value("levle", m.initialState())).remedy()).contains("level");

    // Integrated: the valve opens fully, the tank fills to its rim and stays there.
    ProcessSimulation sim = new ProcessSimulation(m);
    spec.limits().forEach(sim::addLimit);
    for (int i = 1; i <= 20_000; i++) {
      sim.advanceTo(i * 0.1);
    }
    // dh/dt = (36 - 18) m^3/h / 2 m^2 = 9 m/h: from 1 m to 2.9 m in 760 s, plus the lag's 2 s.
    assertThat(sim.crossings()).hasSize(1);
    assertThat(sim.crossings().get(0).time()).isCloseTo(760 + 2, within(0.01));
    assertThat(sim.value("level")).isEqualTo(3.0);
    assertThat(sim.value("inflow")).isCloseTo(36, within(1e-9));
  }

  @Test
  void aSpecIsAProcessModelKindWithOverridableParameters() {
    ProcessModelKind kind = new DeclaredModelKind(tank());
    assertThat(kind.kind()).isEqualTo("test-tank");
    assertThat(kind.parameters())
        .extracting(d -> d.name())
        .containsExactly("area", "height", "max_inflow", "initial_level");
    ProcessModel m = kind.create(Map.of("initial_level", 2.5, "max_inflow", 10.0));
    assertThat(m.initialState()[0]).isEqualTo(2.5);
    m.setInput("demand", 50);
    assertThat(m.input("demand")).isEqualTo(10);
    assertThat(thrown(() -> kind.create(Map.of("aera", 1.0))).code())
        .isEqualTo("PROCESS_PARAMETER_UNKNOWN");
    assertThat(thrown(() -> kind.create(Map.of("area", -1.0))).code())
        .isEqualTo("PROCESS_PARAMETER_INVALID");
    OtlabException above = thrown(() -> kind.create(Map.of("initial_level", 4.0)));
    assertThat(above.code()).isEqualTo("PROCESS_PARAMETER_INVALID");
    assertThat(above.getMessage()).contains("level", "outside its bounds [0.0, 3.0]");
    OtlabException badDefault =
        thrown(
            () ->
                new ProcessModelSpec(
                    "k",
                    null,
                    List.of(
                        new Parameter("a", 2, "m", "", null),
                        new Parameter("b", "1[m] - a", "m", "", Constraint.POSITIVE)),
                    List.of(new State("x", "m", "b", "0", null, null)),
                    null,
                    null,
                    null,
                    null));
    assertThat(badDefault.code()).isEqualTo("PROCESS_PARAMETER_INVALID");
    assertThat(badDefault.getMessage()).contains("default of parameter 'b'", "'1[m] - a'", "-1.0");
  }

  @Test
  void aDerivativeInTheWrongUnitIsRefusedWithBothDimensions() {
    OtlabException e =
        thrown(
            () ->
                tank(
                    List.of(new State("level", "m", "1", "q_in - demand", "0", "height")),
                    List.of(Q_IN),
                    List.of()));
    assertThat(e.code()).isEqualTo("UNIT_MISMATCH");
    assertThat(e.getMessage())
        .contains("derivative of state 'level'", "'q_in - demand'", "m^3/s", "changes in m/s");
    assertThat(e.remedy()).contains("area");

    OtlabException alg =
        thrown(
            () ->
                tank(
                    List.of(LEVEL),
                    List.of(new Algebraic("q_in", "m^3/h", "max_inflow * valve_actual / area")),
                    List.of()));
    assertThat(alg.getMessage()).contains("'q_in'", "m^3/h (m^3/s)", "is in m/s");

    OtlabException initial =
        thrown(
            () ->
                tank(
                    List.of(new State("level", "m", "area", "(q_in - demand) / area", "0", null)),
                    List.of(Q_IN),
                    List.of()));
    assertThat(initial.getMessage()).contains("initial value of state level", "m^2");
    OtlabException moving =
        thrown(
            () ->
                tank(
                    List.of(new State("level", "m", "1", "(q_in - demand) / area", "0", "q_in")),
                    List.of(Q_IN),
                    List.of()));
    assertThat(moving.code()).isEqualTo("PROCESS_SPEC_INVALID");
    assertThat(moving.getMessage()).contains("maximum of state level", "'q_in'", "changes");
  }

  @Test
  void algebraicVariablesAreSortedAndACycleIsNamed() {
    // Declared after its user: still evaluated first.
    ProcessModelSpec sorted =
        tank(
            List.of(new State("level", "m", "1", "(q_net) / area", "0", "height")),
            List.of(new Algebraic("q_net", "m^3/h", "q_in - demand"), Q_IN),
            List.of());
    double[] yDot = new double[2];
    sorted.create(Map.of()).computeDerivatives(0, new double[] {1, 100}, yDot);
    assertThat(yDot[0]).isCloseTo(18 / 3600.0 / 2, within(1e-15));

    OtlabException e =
        thrown(
            () ->
                tank(
                    List.of(LEVEL),
                    List.of(
                        new Algebraic("q_in", "m^3/h", "q_b + demand"),
                        new Algebraic("q_b", "m^3/h", "q_c"),
                        new Algebraic("q_c", "m^3/h", "q_in * 0.5")),
                    List.of()));
    assertThat(e.code()).isEqualTo("PROCESS_SPEC_INVALID");
    assertThat(e.getMessage()).contains("q_in -> q_b -> q_c -> q_in");
  }

  @Test
  void namesExpressionsTagsAndEventsAreValidated() {
    List<ThrowingCallable> bad = new ArrayList<>();
    bad.add(
        () ->
            tank(
                List.of(LEVEL, new State("area", "m", "1", "0", null, null)),
                List.of(Q_IN),
                List.of()));
    bad.add(() -> tank(List.of(new State("t", "s", "0", "1", null, null)), List.of(), List.of()));
    bad.add(() -> tank(List.of(new State("2x", "m", "0", "0", null, null)), List.of(), List.of()));
    bad.add(() -> tank(List.of(), List.of(), List.of()));
    bad.add(
        () -> tank(List.of(new State("level", "m", "1", null, null, null)), List.of(), List.of()));
    bad.add(() -> tank(List.of(LEVEL), List.of(Q_IN), List.of(new Output("level", null, null))));
    for (ThrowingCallable c : bad) {
      assertThat(thrown(c).code()).isEqualTo("PROCESS_SPEC_INVALID");
    }
    OtlabException unknown =
        thrown(
            () ->
                tank(
                    List.of(new State("level", "m", "1", "(q_in - demnd) / area", "0", null)),
                    List.of(Q_IN),
                    List.of()));
    assertThat(unknown.code()).isEqualTo("EXPRESSION_INVALID");
    assertThat(unknown.getMessage()).contains("derivative of state level", "'demnd'");
    OtlabException syntax =
        thrown(
            () ->
                tank(
                    List.of(LEVEL),
                    List.of(new Algebraic("q_in", "m^3/h", "max_inflow *")),
                    List.of()));
    assertThat(syntax.getMessage()).contains("algebraic variable q_in", "column 13");
    assertThat(
            thrown(
                    () ->
                        tank(
                            List.of(new State("level", "furlong", "1", "0", null, null)),
                            List.of(),
                            List.of()))
                .code())
        .isEqualTo("UNIT_UNKNOWN");
    OtlabException noUnit =
        thrown(
            () -> tank(List.of(LEVEL), List.of(Q_IN), List.of(new Output("x", "q_in * 2", null))));
    assertThat(noUnit.getMessage()).contains("declares no unit");
    ProcessModelSpec good = tank();
    OtlabException event =
        thrown(
            () ->
                new ProcessModelSpec(
                    good.kind(),
                    null,
                    good.parameters(),
                    good.states(),
                    good.inputs(),
                    good.algebraics(),
                    good.outputs(),
                    List.of(new Event("q_in", Direction.HIGH, 1, "x"))));
    assertThat(event.getMessage()).contains("'q_in'", "does not report");
    assertThat(event.remedy()).contains("inflow", "level");
  }
}
