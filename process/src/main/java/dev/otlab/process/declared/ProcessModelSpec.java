package dev.otlab.process.declared;

import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ModelParameters.Constraint;
import dev.otlab.process.SafetyLimit;
import dev.otlab.process.expr.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A process model written as data: parameters, states with their differential equations, inputs
 * (actuators), algebraic variables, the tags it reports and the events (limits) it knows. The
 * fields are plain names, strings, numbers and lists, so a YAML loader can build it directly.
 * Construction validates everything a plant author can get wrong (names, units, syntax, dimensions,
 * cycles among the algebraic variables), so a spec that exists compiles; {@link #create(Map)} gives
 * a {@link dev.otlab.process.ProcessModel} that {@link dev.otlab.process.ProcessSimulation}
 * integrates like the Java models.
 *
 * <p>Expressions compute in SI: each name stands for its value converted from its declared unit, so
 * a flow declared in m³/h is m³/s in an equation. A value written as a plain number (an initial
 * value, a bound, an input limit) is in the declared unit of what it belongs to.
 *
 * @param kind the model kind named in plant files
 * @param description what the model represents, for readers
 * @param parameters constants a plant file may override
 * @param states integrated quantities, each with its derivative
 * @param inputs actuator commands and disturbances the PLCs write
 * @param algebraics named intermediate quantities, evaluated before the derivatives in dependency
 *     order (declaration order need not be)
 * @param outputs tags reported besides the states and inputs
 * @param events limits on tags, as the SIS or a scenario's watch would use them
 */
public record ProcessModelSpec(
    String kind,
    String description,
    List<Parameter> parameters,
    List<State> states,
    List<Input> inputs,
    List<Algebraic> algebraics,
    List<Output> outputs,
    List<Event> events) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The name of simulated time in expressions, in s. */
  public static final String TIME = "t";

  /**
   * A constant of the model, which a plant file may override.
   *
   * @param value default: a number in {@code unit}, or an expression over the parameters declared
   *     before it (with their overrides applied), so a default can follow the plant, for example an
   *     initial valve position of {@code min(1, pump_flow / max_inflow)}
   * @param constraint what values the parameter takes; null means any finite number
   */
  public record Parameter(
      String name, String value, String unit, String description, Constraint constraint) {
    public Parameter {
      unit = unit == null ? "" : unit;
      description = description == null ? "" : description;
      constraint = constraint == null ? Constraint.FINITE : constraint;
    }

    /** A parameter whose default is a number in {@code unit}. */
    public Parameter(
        String name, double value, String unit, String description, Constraint constraint) {
      this(name, Double.toString(value), unit, description, constraint);
    }
  }

  /**
   * An integrated quantity.
   *
   * @param initial value at t = 0: an expression over parameters, or a number in {@code unit}
   * @param derivative d(name)/dt; its dimension must be {@code unit} per second
   * @param min lower bound (expression over parameters or number in {@code unit}), or null: the
   *     state is clamped to it after each window and its derivative is held at 0 while it sits on
   *     the bound and points outwards (a tank at its rim spills rather than rising)
   * @param max upper bound, likewise
   */
  public record State(
      String name, String unit, String initial, String derivative, String min, String max) {
    public State {
      unit = unit == null ? "" : unit;
    }
  }

  /**
   * An actuator command or disturbance. Writes are clamped to [min, max]; a discrete input (a pump
   * contactor) is rounded to 0 or 1.
   *
   * @param min lowest accepted value (expression over parameters or number in {@code unit}); null
   *     for none
   * @param max highest accepted value, likewise
   * @param initial value at t = 0, likewise; null for 0
   * @param lag time constant of a first-order actuator lag (expression over parameters or number in
   *     s), or null for none. With a lag the equations see the command as {@code name} and the
   *     actuator's actual position as {@code lagState}, an extra state.
   * @param lagState name of the lag state; null means {@code name + "_actual"}
   */
  public record Input(
      String name,
      String unit,
      String min,
      String max,
      String initial,
      boolean discrete,
      String lag,
      String lagState) {
    public Input {
      unit = unit == null ? "" : unit;
      if (lag != null && lagState == null && name != null) {
        lagState = name + "_actual";
      }
    }
  }

  /** A named intermediate quantity; its expression's dimension must be that of {@code unit}. */
  public record Algebraic(String name, String unit, String expression) {
    public Algebraic {
      unit = unit == null ? "" : unit;
    }
  }

  /**
   * A reported tag.
   *
   * @param expression what it shows; null means the variable named {@code tag}
   * @param unit the unit it is shown in; null means the declared unit of the variable it names
   */
  public record Output(String tag, String expression, String unit) {}

  /**
   * A limit on a tag, in the tag's unit.
   *
   * @param hazard what happens to the plant beyond it
   */
  public record Event(String tag, SafetyLimit.Direction direction, double value, String hazard) {
    /** The limit as the simulation watches it. */
    public SafetyLimit limit() {
      return new SafetyLimit(tag, direction, value, hazard);
    }
  }

  public ProcessModelSpec {
    if (kind == null || kind.isBlank()) {
      throw invalid("A declared process model has no kind.", "Give it a kind such as 'my-tank'.");
    }
    description = description == null ? "" : description;
    parameters = copy(parameters);
    states = copy(states);
    inputs = copy(inputs);
    algebraics = copy(algebraics);
    outputs = copy(outputs);
    events = copy(events);
    if (states.isEmpty()) {
      throw invalid(
          "Process model '" + kind + "' declares no state.",
          "Declare at least one state with its unit, initial value and derivative.");
    }
    Set<String> names = new HashSet<>();
    names.add(TIME);
    for (Parameter p : parameters) {
      name(kind, "parameter", p.name(), names);
      Unit.parse(p.unit(), "parameter " + p.name());
      required(kind, p.value(), "value of parameter " + p.name());
    }
    for (State s : states) {
      name(kind, "state", s.name(), names);
      Unit.parse(s.unit(), "state " + s.name());
      required(kind, s.initial(), "initial value of state " + s.name());
      required(kind, s.derivative(), "derivative of state " + s.name());
    }
    for (Input i : inputs) {
      name(kind, "input", i.name(), names);
      Unit.parse(i.unit(), "input " + i.name());
      if (i.lag() != null) {
        name(kind, "lag state of input " + i.name(), i.lagState(), names);
      }
    }
    for (Algebraic a : algebraics) {
      name(kind, "algebraic variable", a.name(), names);
      Unit.parse(a.unit(), "algebraic variable " + a.name());
      required(kind, a.expression(), "algebraic variable " + a.name());
    }
    Set<String> tags = new HashSet<>();
    for (State s : states) {
      tags.add(s.name());
    }
    for (Input i : inputs) {
      tags.add(i.name());
      if (i.lag() != null) {
        tags.add(i.lagState());
      }
    }
    for (Output o : outputs) {
      if (o == null || o.tag() == null || !NAME.matcher(o.tag()).matches()) {
        throw invalid(
            "An output of process model '" + kind + "' has no valid tag name: " + o + ".",
            "Name each output with letters, digits and underscores, starting with a letter.");
      }
      if (!tags.add(o.tag())) {
        throw invalid(
            "Process model '" + kind + "' reports the tag '" + o.tag() + "' twice.",
            "States and inputs are reported under their own names already; give each output"
                + " another tag.");
      }
    }
    for (Event e : events) {
      if (e == null || !tags.contains(e.tag())) {
        throw invalid(
            "An event of process model '"
                + kind
                + "' watches "
                + (e == null ? "nothing" : "the tag '" + e.tag() + "'")
                + ", which the model does not report.",
            "Watch one of: " + new java.util.TreeSet<>(tags) + ".");
      }
      e.limit();
    }
    // Everything else (syntax, unknown names, dimensions, cycles) is found by compiling once with
    // the defaults, so that a spec that exists also compiles.
    CompiledModel.compile(kind, parameters, states, inputs, algebraics, outputs, Map.of());
  }

  private static <T> List<T> copy(List<T> list) {
    if (list == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(list.size());
    for (T t : list) {
      if (t == null) {
        throw invalid("A declared process model has an empty entry in a list.", "Remove it.");
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  private static void name(String kind, String what, String name, Set<String> names) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid(
          "A " + what + " of process model '" + kind + "' has the invalid name '" + name + "'.",
          "Use letters, digits and underscores, starting with a letter.");
    }
    if (!names.add(name)) {
      throw invalid(
          "The name '"
              + name
              + "' ("
              + what
              + ") of process model '"
              + kind
              + "' is already"
              + (name.equals(TIME) ? " the time t." : " used by another declaration."),
          "Give every parameter, state, input, lag state and algebraic variable its own name.");
    }
  }

  private static void required(String kind, String expression, String what) {
    if (expression == null || expression.isBlank()) {
      throw invalid(
          "Process model '" + kind + "' has no expression for the " + what + ".",
          "Write the expression.");
    }
  }

  static OtlabException invalid(String message, String remedy) {
    return new OtlabException("PROCESS_SPEC_INVALID", message, remedy);
  }

  /**
   * The parameters in the form every model kind describes them, with computed defaults evaluated at
   * the other defaults.
   */
  public List<ModelParameters.Definition> parameterDefinitions() {
    ModelParameters defaults =
        CompiledModel.compile(kind, parameters, states, inputs, algebraics, outputs, Map.of())
            .parameters;
    List<ModelParameters.Definition> out = new ArrayList<>();
    for (Parameter p : parameters) {
      out.add(
          new ModelParameters.Definition(
              p.name(), defaults.get(p.name()), p.constraint(), p.unit(), p.description()));
    }
    return List.copyOf(out);
  }

  /** The events as the limits a simulation watches. */
  public List<SafetyLimit> limits() {
    return events.stream().map(Event::limit).toList();
  }

  /**
   * A model instance with parameter overrides (in the parameters' declared units).
   *
   * @throws OtlabException {@code PROCESS_PARAMETER_UNKNOWN} or {@code PROCESS_PARAMETER_INVALID}
   *     for a bad override, {@code PROCESS_SPEC_INVALID} when an override makes a bound or initial
   *     value inconsistent
   */
  public DeclaredProcessModel create(Map<String, Double> overrides) {
    return new DeclaredProcessModel(
        CompiledModel.compile(kind, parameters, states, inputs, algebraics, outputs, overrides));
  }
}
