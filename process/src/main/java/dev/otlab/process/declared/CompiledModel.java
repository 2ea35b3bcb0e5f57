package dev.otlab.process.declared;

import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.declared.ProcessModelSpec.Algebraic;
import dev.otlab.process.declared.ProcessModelSpec.Input;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.declared.ProcessModelSpec.Parameter;
import dev.otlab.process.declared.ProcessModelSpec.State;
import dev.otlab.process.expr.Dimension;
import dev.otlab.process.expr.Evaluator;
import dev.otlab.process.expr.Expression;
import dev.otlab.process.expr.Scope;
import dev.otlab.process.expr.Unit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A spec compiled for one set of parameter values: every expression checked and turned into an
 * evaluator, the algebraic variables in dependency order, and the slot layout
 *
 * <pre>
 *   [ t | states (SI) | inputs (SI) | algebraic variables (SI) ]
 * </pre>
 *
 * Parameters are constants of the instance and are folded into the evaluators. Immutable; each
 * {@link DeclaredProcessModel} owns its slot array.
 */
final class CompiledModel {

  final String kind;
  final ModelParameters parameters;
  // States, lag states last, in declared units for the integrator.
  final String[] stateNames;
  final Unit[] stateUnits;
  final double[] initialState;
  final double[] lower;
  final double[] upper;
  final Evaluator[] derivatives;
  // Inputs, in declared units.
  final String[] inputNames;
  final Unit[] inputUnits;
  final double[] inputMin;
  final double[] inputMax;
  final boolean[] discrete;
  final double[] initialInputs;
  // Algebraic variables in evaluation order.
  final int[] algebraicSlots;
  final Evaluator[] algebraics;
  // Reported tags besides states and inputs.
  final String[] outputTags;
  final Unit[] outputUnits;
  final Evaluator[] outputs;
  final int slotCount;

  private CompiledModel(Builder b) {
    kind = b.kind;
    parameters = b.params;
    stateNames = b.stateNames.toArray(String[]::new);
    stateUnits = b.stateUnits.toArray(Unit[]::new);
    initialState = unbox(b.initialState);
    lower = unbox(b.lower);
    upper = unbox(b.upper);
    derivatives = b.derivatives.toArray(Evaluator[]::new);
    inputNames = b.inputNames.toArray(String[]::new);
    inputUnits = b.inputUnits.toArray(Unit[]::new);
    inputMin = unbox(b.inputMin);
    inputMax = unbox(b.inputMax);
    discrete = new boolean[b.discrete.size()];
    for (int i = 0; i < discrete.length; i++) {
      discrete[i] = b.discrete.get(i);
    }
    initialInputs = unbox(b.initialInputs);
    algebraicSlots = b.algebraicSlots.stream().mapToInt(Integer::intValue).toArray();
    algebraics = b.algebraics.toArray(Evaluator[]::new);
    outputTags = b.outputTags.toArray(String[]::new);
    outputUnits = b.outputUnits.toArray(Unit[]::new);
    outputs = b.outputs.toArray(Evaluator[]::new);
    slotCount = b.slotCount;
  }

  private static double[] unbox(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  int stateSlot(int i) {
    return 1 + i;
  }

  int inputSlot(int i) {
    return 1 + stateNames.length + i;
  }

  static CompiledModel compile(
      String kind,
      List<Parameter> parameters,
      List<State> states,
      List<Input> inputs,
      List<Algebraic> algebraics,
      List<Output> outputs,
      Map<String, Double> overrides) {
    Builder b = new Builder(kind);
    b.compile(parameters, states, inputs, algebraics, outputs, overrides);
    return new CompiledModel(b);
  }

  private static final class Builder {
    final String kind;
    ModelParameters params;
    final Map<String, Scope.Variable> constants = new HashMap<>();
    final Map<String, Scope.Variable> all = new HashMap<>();
    final Map<String, Unit> declaredUnits = new HashMap<>();
    final List<String> stateNames = new ArrayList<>();
    final List<Unit> stateUnits = new ArrayList<>();
    final List<Double> initialState = new ArrayList<>();
    final List<Double> lower = new ArrayList<>();
    final List<Double> upper = new ArrayList<>();
    final List<Evaluator> derivatives = new ArrayList<>();
    final List<String> inputNames = new ArrayList<>();
    final List<Unit> inputUnits = new ArrayList<>();
    final List<Double> inputMin = new ArrayList<>();
    final List<Double> inputMax = new ArrayList<>();
    final List<Boolean> discrete = new ArrayList<>();
    final List<Double> initialInputs = new ArrayList<>();
    final List<Integer> algebraicSlots = new ArrayList<>();
    final List<Evaluator> algebraics = new ArrayList<>();
    final List<String> outputTags = new ArrayList<>();
    final List<Unit> outputUnits = new ArrayList<>();
    final List<Evaluator> outputs = new ArrayList<>();
    int slotCount;

    Builder(String kind) {
      this.kind = kind;
    }

    void compile(
        List<Parameter> parameters,
        List<State> states,
        List<Input> inputs,
        List<Algebraic> algebraicList,
        List<Output> outputList,
        Map<String, Double> overrides) {
      // Defaults in declaration order: a default may be computed from the parameters before it,
      // with their overrides applied (the dose that holds the initial chlorine at the plant's own
      // pump flow), and an override replaces it.
      Map<String, Parameter> parameterByName = new LinkedHashMap<>();
      parameters.forEach(p -> parameterByName.put(p.name(), p));
      for (String name : overrides.keySet()) {
        if (!parameterByName.containsKey(name)) {
          throw new OtlabException(
              "PROCESS_PARAMETER_UNKNOWN",
              "Process model '" + kind + "' has no parameter '" + name + "'.",
              "Use one of: " + parameterByName.keySet() + ".");
        }
      }
      List<ModelParameters.Definition> defs = new ArrayList<>();
      for (Parameter p : parameters) {
        Unit u = Unit.parse(p.unit(), "parameter " + p.name());
        declaredUnits.put(p.name(), u);
        double value;
        if (overrides.containsKey(p.name())) {
          Double given = overrides.get(p.name());
          if (given == null || !p.constraint().accepts(given)) {
            throw new OtlabException(
                "PROCESS_PARAMETER_INVALID",
                "Parameter '"
                    + p.name()
                    + "' of process model '"
                    + kind
                    + "' is "
                    + given
                    + " but must be "
                    + p.constraint().describe()
                    + ".",
                "Give "
                    + p.name()
                    + " ("
                    + p.description()
                    + (u.symbol().isEmpty() ? "" : ", in " + u.symbol())
                    + ") a value that is "
                    + p.constraint().describe()
                    + ", or leave it out to use the default "
                    + p.value()
                    + ".");
          }
          value = given;
        } else {
          value = constant(p.value(), u, "value of parameter " + p.name());
          if (!p.constraint().accepts(value)) {
            throw new OtlabException(
                "PROCESS_PARAMETER_INVALID",
                "The default of parameter '"
                    + p.name()
                    + "' of process model '"
                    + kind
                    + "' ('"
                    + p.value()
                    + "') is "
                    + value
                    + ", but it must be "
                    + p.constraint().describe()
                    + ".",
                "Give " + p.name() + " a value in the plant file, or correct its default.");
          }
        }
        // The value as the default: resolve() then records which ones the plant overrode.
        defs.add(
            new ModelParameters.Definition(
                p.name(), value, p.constraint(), p.unit(), p.description()));
        constants.put(p.name(), Scope.Variable.constant(u.toSi(value), u.dimension()));
      }
      params = ModelParameters.resolve(kind, defs, overrides);
      all.putAll(constants);
      all.put(ProcessModelSpec.TIME, Scope.Variable.slot(0, Dimension.TIME));
      declaredUnits.put(ProcessModelSpec.TIME, Unit.SECOND);

      // Slots: states as declared, then one lag state per lagged input, then inputs.
      List<Input> lagged = inputs.stream().filter(i -> i.lag() != null).toList();
      int stateCount = states.size() + lagged.size();
      int slot = 1;
      for (State s : states) {
        Unit u = Unit.parse(s.unit(), "state " + s.name());
        all.put(s.name(), Scope.Variable.slot(slot++, u.dimension()));
        declaredUnits.put(s.name(), u);
      }
      for (Input i : lagged) {
        Unit u = Unit.parse(i.unit(), "input " + i.name());
        all.put(i.lagState(), Scope.Variable.slot(slot++, u.dimension()));
        declaredUnits.put(i.lagState(), u);
      }
      for (Input i : inputs) {
        Unit u = Unit.parse(i.unit(), "input " + i.name());
        all.put(i.name(), Scope.Variable.slot(slot++, u.dimension()));
        declaredUnits.put(i.name(), u);
      }
      for (Algebraic a : algebraicList) {
        Unit u = Unit.parse(a.unit(), "algebraic variable " + a.name());
        all.put(a.name(), Scope.Variable.slot(slot++, u.dimension()));
        declaredUnits.put(a.name(), u);
      }
      slotCount = slot;
      Scope everything = name -> Optional.ofNullable(all.get(name));

      // Inputs first: lag states start where their inputs start.
      Map<String, Double> inputInitial = new HashMap<>();
      for (Input i : inputs) {
        Unit u = declaredUnits.get(i.name());
        double min =
            i.min() == null
                ? Double.NEGATIVE_INFINITY
                : constant(i.min(), u, "minimum of input " + i.name());
        double max =
            i.max() == null
                ? Double.POSITIVE_INFINITY
                : constant(i.max(), u, "maximum of input " + i.name());
        if (!(min <= max)) {
          throw new OtlabException(
              "PROCESS_PARAMETER_INVALID",
              "Input '"
                  + i.name()
                  + "' of process model '"
                  + kind
                  + "' has the empty range ["
                  + min
                  + ", "
                  + max
                  + "] "
                  + u.symbol()
                  + ".",
              "Make its minimum no larger than its maximum.");
        }
        double init =
            i.initial() == null
                ? 0
                : constant(i.initial(), u, "initial value of input " + i.name());
        init = Math.max(min, Math.min(max, init));
        if (i.discrete()) {
          init = init >= 0.5 ? 1 : 0;
        }
        inputNames.add(i.name());
        inputUnits.add(u);
        inputMin.add(min);
        inputMax.add(max);
        discrete.add(i.discrete());
        initialInputs.add(init);
        inputInitial.put(i.name(), init);
      }

      for (State s : states) {
        Unit u = declaredUnits.get(s.name());
        String where = "state " + s.name();
        double init = constant(s.initial(), u, "initial value of " + where);
        double lo =
            s.min() == null
                ? Double.NEGATIVE_INFINITY
                : constant(s.min(), u, "minimum of " + where);
        double hi =
            s.max() == null
                ? Double.POSITIVE_INFINITY
                : constant(s.max(), u, "maximum of " + where);
        if (!(lo <= hi) || init < lo || init > hi) {
          throw new OtlabException(
              "PROCESS_PARAMETER_INVALID",
              "State '"
                  + s.name()
                  + "' of process model '"
                  + kind
                  + "' starts at "
                  + init
                  + " "
                  + u.symbol()
                  + ", outside its bounds ["
                  + lo
                  + ", "
                  + hi
                  + "].",
              "Choose parameters that put the initial value between the state's minimum and"
                  + " maximum.");
        }
        Expression.Compiled d =
            Expression.parse(s.derivative(), "the derivative of " + where)
                .compile(everything, "the derivative of " + where);
        Dimension expected = u.dimension().over(Dimension.TIME);
        if (!d.dimension().equals(expected)) {
          throw new OtlabException(
              "UNIT_MISMATCH",
              "The derivative of state '"
                  + s.name()
                  + "' of process model '"
                  + kind
                  + "' ('"
                  + s.derivative()
                  + "') is in "
                  + d.dimension()
                  + ", but a state in "
                  + u
                  + " changes in "
                  + expected
                  + ".",
              "Make the derivative the state's unit per second: for a level, divide a volume flow"
                  + " by the tank's area; for a lag, divide a difference by a time constant.");
        }
        stateNames.add(s.name());
        stateUnits.add(u);
        initialState.add(init);
        lower.add(lo);
        upper.add(hi);
        derivatives.add(d.evaluator());
      }
      for (Input i : lagged) {
        Unit u = declaredUnits.get(i.name());
        double tau = constant(i.lag(), Unit.SECOND, "lag time constant of input " + i.name());
        if (!(tau > 0)) {
          throw new OtlabException(
              "PROCESS_PARAMETER_INVALID",
              "The lag time constant of input '"
                  + i.name()
                  + "' of process model '"
                  + kind
                  + "' is "
                  + tau
                  + " s.",
              "Give the actuator a time constant above 0 s, or declare no lag.");
        }
        int in = all.get(i.name()).slot();
        int lag = all.get(i.lagState()).slot();
        stateNames.add(i.lagState());
        stateUnits.add(u);
        initialState.add(inputInitial.get(i.name()));
        lower.add(Double.NEGATIVE_INFINITY);
        upper.add(Double.POSITIVE_INFINITY);
        derivatives.add(s -> (s[in] - s[lag]) / tau);
      }
      if (stateNames.size() != stateCount) {
        throw new IllegalStateException("state count");
      }

      Map<String, Algebraic> byName = new LinkedHashMap<>();
      for (Algebraic a : algebraicList) {
        byName.put(a.name(), a);
      }
      for (Algebraic a : order(byName)) {
        String where = "algebraic variable " + a.name();
        Expression.Compiled c = Expression.parse(a.expression(), where).compile(everything, where);
        Unit u = declaredUnits.get(a.name());
        if (!c.dimension().equals(u.dimension())) {
          throw new OtlabException(
              "UNIT_MISMATCH",
              "Algebraic variable '"
                  + a.name()
                  + "' of process model '"
                  + kind
                  + "' is declared in "
                  + u
                  + " ("
                  + u.dimension()
                  + "), but its expression ('"
                  + a.expression()
                  + "') is in "
                  + c.dimension()
                  + ".",
              "Correct the expression or declare the unit it computes.");
        }
        algebraicSlots.add(all.get(a.name()).slot());
        algebraics.add(c.evaluator());
      }

      for (Output o : outputList) {
        String source = o.expression() == null ? o.tag() : o.expression();
        String where = "output " + o.tag();
        Expression e = Expression.parse(source, where);
        Expression.Compiled c = e.compile(everything, where);
        Unit u;
        if (o.unit() != null) {
          u = Unit.parse(o.unit(), where);
        } else if (e.variables().size() == 1 && declaredUnits.containsKey(source.strip())) {
          u = declaredUnits.get(source.strip());
        } else if (c.dimension().isNone()) {
          u = Unit.NONE;
        } else {
          throw new OtlabException(
              "UNIT_MISMATCH",
              "Output '"
                  + o.tag()
                  + "' of process model '"
                  + kind
                  + "' ('"
                  + source
                  + "') is in "
                  + c.dimension()
                  + " but declares no unit to show it in.",
              "Give the output a unit of that dimension.");
        }
        if (!c.dimension().equals(u.dimension())) {
          throw new OtlabException(
              "UNIT_MISMATCH",
              "Output '"
                  + o.tag()
                  + "' of process model '"
                  + kind
                  + "' is shown in "
                  + u
                  + " ("
                  + u.dimension()
                  + "), but its expression ('"
                  + source
                  + "') is in "
                  + c.dimension()
                  + ".",
              "Show it in a unit of " + c.dimension() + " or correct the expression.");
        }
        outputTags.add(o.tag());
        outputUnits.add(u);
        outputs.add(c.evaluator());
      }
    }

    /**
     * A constant in SI converted back to {@code unit}. An expression without names is a number in
     * {@code unit}; one over parameters is computed in SI and must have the unit's dimension.
     */
    double constant(String source, Unit unit, String where) {
      Expression e = Expression.parse(source, where);
      for (String name : e.variables()) {
        if (!constants.containsKey(name) && all.containsKey(name)) {
          throw new OtlabException(
              "PROCESS_SPEC_INVALID",
              "The "
                  + where
                  + " of process model '"
                  + kind
                  + "' ('"
                  + source
                  + "') reads '"
                  + name
                  + "', which changes during the run.",
              "Compute it from parameters and numbers only; it is fixed when the model is"
                  + " created.");
        }
      }
      Expression.Compiled c = e.compile(name -> Optional.ofNullable(constants.get(name)), where);
      double v = c.constantValue();
      if (e.variables().isEmpty() && c.dimension().isNone()) {
        return v;
      }
      if (!c.dimension().equals(unit.dimension())) {
        throw new OtlabException(
            "UNIT_MISMATCH",
            "The "
                + where
                + " of process model '"
                + kind
                + "' ('"
                + source
                + "') is in "
                + c.dimension()
                + ", but it must be in "
                + unit
                + " ("
                + unit.dimension()
                + ").",
            "Use a parameter of that unit, or write a plain number in " + unit + ".");
      }
      return unit.fromSi(v);
    }

    /** Algebraic variables with each one after those it reads; a cycle is refused by name. */
    List<Algebraic> order(Map<String, Algebraic> byName) {
      List<Algebraic> out = new ArrayList<>();
      Map<String, Integer> mark = new HashMap<>();
      for (String name : byName.keySet()) {
        visit(name, byName, mark, new ArrayList<>(), out);
      }
      return out;
    }

    private void visit(
        String name,
        Map<String, Algebraic> byName,
        Map<String, Integer> mark,
        List<String> path,
        List<Algebraic> out) {
      Integer m = mark.get(name);
      if (m != null && m == 2) {
        return;
      }
      path.add(name);
      if (m != null) {
        List<String> cycle = path.subList(path.indexOf(name), path.size());
        throw new OtlabException(
            "PROCESS_SPEC_INVALID",
            "The algebraic variables of process model '"
                + kind
                + "' depend on each other in a"
                + " cycle: "
                + String.join(" -> ", cycle)
                + ".",
            "Break the cycle: make one of them a state with its own derivative, or compute it"
                + " from states, inputs and parameters only.");
      }
      mark.put(name, 1);
      Algebraic a = byName.get(name);
      String where = "algebraic variable " + name;
      for (String dep : Expression.parse(a.expression(), where).variables()) {
        if (byName.containsKey(dep)) {
          visit(dep, byName, mark, path, out);
        }
      }
      mark.put(name, 2);
      path.remove(path.size() - 1);
      out.add(a);
    }
  }
}
