package dev.otlab.process;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;

/**
 * A plant unit as a system of first-order ODEs in simulated seconds. Inputs (actuator commands and
 * disturbances) are held constant over each integration window, the way a PLC holds its outputs
 * between scans. Actuator lag belongs in the state vector so that a command reaches the process
 * gradually, as a real valve or pump would.
 *
 * <p>Implementations are not thread-safe: one {@link ProcessSimulation} drives each instance on the
 * clock thread.
 */
public interface ProcessModel extends FirstOrderDifferentialEquations {

  /** The model kind named in plant files, e.g. {@code water-treatment}. */
  String kind();

  /** Tag name of each state-vector component, in order. */
  List<String> stateTags();

  /** State at t = 0. */
  double[] initialState();

  /** Tags the model takes as inputs: actuator commands and disturbances. */
  List<String> inputTags();

  /** Sets an input; values outside its physical range are clamped by the model. */
  void setInput(String tag, double value);

  double input(String tag);

  /**
   * Every process tag for a state: the states themselves, derived quantities (flows, flags such as
   * {@code dry_run}) and the current inputs. Keys are stable for a model instance.
   */
  Map<String, Double> values(double[] state);

  /**
   * One process tag for a state, as {@link #values(double[])} would give it. Event handlers call
   * this many times per integration step, so implementations should override it to avoid building
   * the whole map.
   *
   * @throws OtlabException {@code TAG_UNKNOWN} if the model has no such tag
   */
  default double value(String tag, double[] state) {
    Double v = values(state).get(tag);
    if (v == null) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + kind() + "' has no tag '" + tag + "'.",
          "Use one of: " + values(state).keySet() + ".");
    }
    return v;
  }

  /**
   * Puts a state back inside hard physical bounds after an integration window, for example a tank
   * level that a Runge-Kutta stage pushed a hair above the overflow height. The default does
   * nothing.
   */
  default void constrain(double[] state) {}

  /**
   * Engineering unit of each tag in {@link #values(double[])} (for example {@code m} or {@code
   * mg/L}; an empty string for flags), for tag dictionaries and displays.
   */
  default Map<String, String> units() {
    return Map.of();
  }
}
