package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping shared by the models: input storage with clamping, the tag list and unit table, and
 * tag lookup by index. Subclasses supply the equations and the derived quantities, so every model
 * reports its tags the same way and an event handler can read one tag without building a map.
 */
public abstract class AbstractProcessModel implements ProcessModel {

  /** A state component, derived quantity or input, with its engineering unit. */
  protected record Tag(String name, String unit) {
    public Tag {
      if (name == null || name.isBlank() || unit == null) {
        throw new IllegalArgumentException("tag needs a name and a unit");
      }
    }
  }

  /**
   * An input with its physical range; a discrete input (a pump contactor) is rounded to 0 or 1 so
   * that a write of 0.7 means "on" rather than a pump at 70 %.
   */
  protected record Input(String name, String unit, double min, double max, boolean discrete) {
    public Input {
      if (name == null || name.isBlank() || unit == null) {
        throw new IllegalArgumentException("input needs a name and a unit");
      }
      if (!(min <= max)) {
        throw new IllegalArgumentException("input " + name + " has an empty range");
      }
    }
  }

  private static final int STATE = 0;
  private static final int DERIVED = 1;
  private static final int INPUT = 2;

  private final String kind;
  private final List<Tag> states;
  private final List<Tag> derived;
  private final List<Input> inputSpecs;
  private final List<String> stateTags;
  private final List<String> inputTags;
  private final Map<String, int[]> lookup = new HashMap<>();
  private final Map<String, String> units;
  private final double[] inputs;
  private final double[] derivedScratch;

  protected AbstractProcessModel(
      String kind, List<Tag> states, List<Tag> derived, List<Input> inputs) {
    this.kind = kind;
    this.states = List.copyOf(states);
    this.derived = List.copyOf(derived);
    this.inputSpecs = List.copyOf(inputs);
    List<String> st = new ArrayList<>();
    List<String> in = new ArrayList<>();
    Map<String, String> u = new LinkedHashMap<>();
    for (int i = 0; i < states.size(); i++) {
      register(states.get(i).name(), STATE, i);
      st.add(states.get(i).name());
      u.put(states.get(i).name(), states.get(i).unit());
    }
    for (int i = 0; i < derived.size(); i++) {
      register(derived.get(i).name(), DERIVED, i);
      u.put(derived.get(i).name(), derived.get(i).unit());
    }
    for (int i = 0; i < inputs.size(); i++) {
      register(inputs.get(i).name(), INPUT, i);
      in.add(inputs.get(i).name());
      u.put(inputs.get(i).name(), inputs.get(i).unit());
    }
    this.stateTags = List.copyOf(st);
    this.inputTags = List.copyOf(in);
    this.units = Collections.unmodifiableMap(u);
    this.inputs = new double[inputs.size()];
    this.derivedScratch = new double[derived.size()];
  }

  private void register(String tag, int table, int index) {
    if (lookup.put(tag, new int[] {table, index}) != null) {
      throw new IllegalArgumentException("duplicate tag " + tag + " in " + kind);
    }
  }

  /**
   * Fills {@code out} (indexed like the derived tags given to the constructor) from a state and the
   * current inputs.
   */
  protected abstract void derive(double[] state, double[] out);

  /** Current value of an input by its index in the input list; for the equations. */
  protected final double in(int index) {
    return inputs[index];
  }

  @Override
  public final String kind() {
    return kind;
  }

  @Override
  public int getDimension() {
    return states.size();
  }

  @Override
  public final List<String> stateTags() {
    return stateTags;
  }

  @Override
  public final List<String> inputTags() {
    return inputTags;
  }

  @Override
  public final void setInput(String tag, double value) {
    int i = inputIndex(tag);
    Input spec = inputSpecs.get(i);
    if (Double.isNaN(value)) {
      // NaN cannot be clamped into range; letting it in would poison the whole state vector.
      throw new OtlabException(
          "PROCESS_INPUT_INVALID",
          "Input '" + tag + "' of process model '" + kind + "' cannot be NaN.",
          "Write a number from " + spec.min() + " to " + spec.max() + " " + spec.unit() + ".");
    }
    double v = Math.max(spec.min(), Math.min(spec.max(), value));
    if (spec.discrete()) {
      v = v >= 0.5 ? 1.0 : 0.0;
    }
    inputs[i] = v;
  }

  @Override
  public final double input(String tag) {
    return inputs[inputIndex(tag)];
  }

  private int inputIndex(String tag) {
    int[] where = lookup.get(tag);
    if (where == null || where[0] != INPUT) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + kind + "' has no input '" + tag + "'.",
          "Use one of: " + inputTags + ".");
    }
    return where[1];
  }

  @Override
  public final Map<String, Double> values(double[] state) {
    checkDimension(state);
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < states.size(); i++) {
      m.put(states.get(i).name(), state[i]);
    }
    derive(state, derivedScratch);
    for (int i = 0; i < derived.size(); i++) {
      m.put(derived.get(i).name(), derivedScratch[i]);
    }
    for (int i = 0; i < inputSpecs.size(); i++) {
      m.put(inputSpecs.get(i).name(), inputs[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public final double value(String tag, double[] state) {
    int[] where = lookup.get(tag);
    if (where == null) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + kind + "' has no tag '" + tag + "'.",
          "Use one of: " + units.keySet() + ".");
    }
    switch (where[0]) {
      case STATE:
        return state[where[1]];
      case DERIVED:
        checkDimension(state);
        derive(state, derivedScratch);
        return derivedScratch[where[1]];
      default:
        return inputs[where[1]];
    }
  }

  @Override
  public final Map<String, String> units() {
    return units;
  }

  private void checkDimension(double[] state) {
    if (state.length != states.size()) {
      throw new IllegalArgumentException(
          "state of " + kind + " has " + states.size() + " components, got " + state.length);
    }
  }

  /** Clamps to [lo, hi]; used by the models for saturating physics. */
  protected static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
