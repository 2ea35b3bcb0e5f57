package dev.otlab.process.declared;

import dev.otlab.core.OtlabException;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.expr.Evaluator;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProcessModel} compiled from a {@link ProcessModelSpec}. The state vector holds each
 * state in its declared unit, as the Java models do, so the integrator's tolerances mean the same
 * for both; the equations see SI values through the slot array.
 *
 * <p>Reported tags are the states (lag states included), the outputs and the inputs, each in its
 * declared unit. {@link #value(String, double[])} has no time argument, so an output that reads
 * {@code t} sees the time of the last derivative evaluation.
 *
 * <p>Not thread-safe, like every model: one simulation drives it.
 */
public final class DeclaredProcessModel implements ProcessModel {

  private static final int STATE = 0;
  private static final int OUTPUT = 1;
  private static final int INPUT = 2;

  private final CompiledModel m;
  private final double[] slots;
  private final double[] inputs;
  private final Map<String, int[]> lookup = new HashMap<>();
  private final Map<String, String> units;
  private final List<String> stateTags;
  private final List<String> inputTags;
  private final int n;
  private final int inputBase;

  DeclaredProcessModel(CompiledModel compiled) {
    this.m = compiled;
    this.n = m.stateNames.length;
    this.slots = new double[m.slotCount];
    this.inputs = m.initialInputs.clone();
    this.inputBase = m.inputSlot(0);
    Map<String, String> u = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      lookup.put(m.stateNames[i], new int[] {STATE, i});
      u.put(m.stateNames[i], m.stateUnits[i].symbol());
    }
    for (int i = 0; i < m.outputTags.length; i++) {
      lookup.put(m.outputTags[i], new int[] {OUTPUT, i});
      u.put(m.outputTags[i], m.outputUnits[i].symbol());
    }
    for (int i = 0; i < m.inputNames.length; i++) {
      lookup.put(m.inputNames[i], new int[] {INPUT, i});
      u.put(m.inputNames[i], m.inputUnits[i].symbol());
      slots[inputBase + i] = m.inputUnits[i].toSi(inputs[i]);
    }
    this.units = Collections.unmodifiableMap(u);
    this.stateTags = List.of(m.stateNames);
    this.inputTags = List.of(m.inputNames);
  }

  /** The resolved parameters of this instance, in their declared units. */
  public ModelParameters parameters() {
    return m.parameters;
  }

  @Override
  public String kind() {
    return m.kind;
  }

  @Override
  public int getDimension() {
    return n;
  }

  @Override
  public List<String> stateTags() {
    return stateTags;
  }

  @Override
  public double[] initialState() {
    return m.initialState.clone();
  }

  @Override
  public List<String> inputTags() {
    return inputTags;
  }

  @Override
  public void setInput(String tag, double value) {
    int i = inputIndex(tag);
    if (Double.isNaN(value)) {
      throw new OtlabException(
          "PROCESS_INPUT_INVALID",
          "Input '" + tag + "' of process model '" + m.kind + "' cannot be NaN.",
          "Write a number from "
              + m.inputMin[i]
              + " to "
              + m.inputMax[i]
              + " "
              + m.inputUnits[i].symbol()
              + ".");
    }
    double v = Math.max(m.inputMin[i], Math.min(m.inputMax[i], value));
    if (m.discrete[i]) {
      v = v >= 0.5 ? 1.0 : 0.0;
    }
    inputs[i] = v;
    slots[inputBase + i] = m.inputUnits[i].toSi(v);
  }

  @Override
  public double input(String tag) {
    return inputs[inputIndex(tag)];
  }

  private int inputIndex(String tag) {
    int[] where = lookup.get(tag);
    if (where == null || where[0] != INPUT) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + m.kind + "' has no input '" + tag + "'.",
          "Use one of: " + inputTags + ".");
    }
    return where[1];
  }

  /** Loads a state into the slots and evaluates the algebraic variables in order. */
  private void load(double[] y) {
    if (y.length != n) {
      throw new IllegalArgumentException(
          "state of " + m.kind + " has " + n + " components, got " + y.length);
    }
    for (int i = 0; i < n; i++) {
      slots[1 + i] = y[i] * m.stateUnits[i].scale();
    }
    int[] at = m.algebraicSlots;
    Evaluator[] ev = m.algebraics;
    for (int i = 0; i < at.length; i++) {
      slots[at[i]] = ev[i].evaluate(slots);
    }
  }

  @Override
  public void computeDerivatives(double t, double[] y, double[] yDot) {
    slots[0] = t;
    load(y);
    Evaluator[] d = m.derivatives;
    for (int i = 0; i < n; i++) {
      double rate = d[i].evaluate(slots) / m.stateUnits[i].scale();
      // A state resting on a bound does not move past it: a full tank spills, an empty one
      // cannot be drawn below zero.
      if ((rate > 0 && y[i] >= m.upper[i]) || (rate < 0 && y[i] <= m.lower[i])) {
        rate = 0;
      }
      yDot[i] = rate;
    }
  }

  @Override
  public void constrain(double[] y) {
    for (int i = 0; i < n; i++) {
      y[i] = Math.max(m.lower[i], Math.min(m.upper[i], y[i]));
    }
  }

  @Override
  public Map<String, Double> values(double[] state) {
    load(state);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(m.stateNames[i], state[i]);
    }
    for (int i = 0; i < m.outputs.length; i++) {
      out.put(m.outputTags[i], m.outputUnits[i].fromSi(m.outputs[i].evaluate(slots)));
    }
    for (int i = 0; i < inputs.length; i++) {
      out.put(m.inputNames[i], inputs[i]);
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public double value(String tag, double[] state) {
    int[] where = lookup.get(tag);
    if (where == null) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + m.kind + "' has no tag '" + tag + "'.",
          "Use one of: " + units.keySet() + ".");
    }
    switch (where[0]) {
      case STATE:
        return state[where[1]];
      case OUTPUT:
        load(state);
        return m.outputUnits[where[1]].fromSi(m.outputs[where[1]].evaluate(slots));
      default:
        return inputs[where[1]];
    }
  }

  @Override
  public Map<String, String> units() {
    return units;
  }
}
