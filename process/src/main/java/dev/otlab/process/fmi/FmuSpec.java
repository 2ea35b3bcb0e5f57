package dev.otlab.process.fmi;

import dev.otlab.core.OtlabException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a plant uses an FMU as its process model: the FMU file, which plant tag is which FMU
 * variable, the FMU parameters the plant sets, and the communication step.
 *
 * <p>Maps keep the order they are given in (a plant file's order), so the model's tags come out in
 * a stable order run after run.
 *
 * @param file the {@code .fmu} file
 * @param inputs plant tag to FMU input variable: written before every step
 * @param outputs plant tag to FMU variable (an output, or any readable variable such as a local
 *     state): read after every step; a Boolean reads as 0 or 1, so an FMU's event flag can carry a
 *     safety limit at 0.5
 * @param parameters FMU parameter variable to its value, set before the FMU initializes
 * @param step the longest communication step in simulated seconds: a clock window is cut into steps
 *     no longer than this
 * @param snapshots whether to locate a limit crossing inside a step by stepping again from saved
 *     FMU states ({@code fmi2GetFMUstate}), as precisely as the ODE path; off, a crossing is placed
 *     by linear interpolation and a trip acts at the step's end. Off unless asked for: FMI4j 0.38.0
 *     hands {@code fmi2GetFMUstate} an uninitialised state pointer (its JNI bridge passes the
 *     address of a local it never sets), which an FMU that reuses a non-null state, as the standard
 *     allows, would write through. Turn it on only for FMUs that allocate a fresh state for a
 *     pointer they did not hand out, as the test FMU of this module does.
 */
public record FmuSpec(
    Path file,
    Map<String, String> inputs,
    Map<String, String> outputs,
    Map<String, Double> parameters,
    double step,
    boolean snapshots) {

  /** The communication step a plant gets unless it names one: a typical PLC scan. */
  public static final double DEFAULT_STEP = 0.1;

  public FmuSpec {
    if (file == null) {
      throw invalid("names no FMU file", "Give the path of the .fmu file.");
    }
    inputs = ordered(inputs, "inputs");
    outputs = ordered(outputs, "outputs");
    parameters = ordered(parameters, "parameters");
    if (!(step > 0) || Double.isInfinite(step)) {
      throw invalid(
          "has the communication step " + step + " s",
          "Give a positive step in seconds, such as " + DEFAULT_STEP + ".");
    }
    for (String tag : inputs.keySet()) {
      if (outputs.containsKey(tag)) {
        throw invalid(
            "binds tag '" + tag + "' both as an input and as an output",
            "Give each tag one binding; an input's value is a tag of its own already.");
      }
    }
    if (outputs.isEmpty()) {
      throw invalid(
          "binds no output", "Bind at least one FMU output to a tag, for example level: level.");
    }
    for (Map.Entry<String, Double> p : parameters.entrySet()) {
      if (p.getValue() == null || !Double.isFinite(p.getValue())) {
        throw invalid(
            "sets parameter '" + p.getKey() + "' to " + p.getValue(),
            "Give every FMU parameter a finite number.");
      }
    }
  }

  /** A spec with the default step and no parameters. */
  public static FmuSpec of(Path file, Map<String, String> inputs, Map<String, String> outputs) {
    return new FmuSpec(file, inputs, outputs, Map.of(), DEFAULT_STEP, false);
  }

  /** The same binding with other parameter values. */
  public FmuSpec withParameters(Map<String, Double> values) {
    return new FmuSpec(file, inputs, outputs, values, step, snapshots);
  }

  /** The same binding with another communication step. */
  public FmuSpec withStep(double seconds) {
    return new FmuSpec(file, inputs, outputs, parameters, seconds, snapshots);
  }

  /** The same binding with crossings located from FMU snapshots, or not. */
  public FmuSpec withSnapshots(boolean on) {
    return new FmuSpec(file, inputs, outputs, parameters, step, on);
  }

  private static <V> Map<String, V> ordered(Map<String, V> m, String what) {
    if (m == null) {
      throw invalid("has no " + what + " map", "Give the " + what + ", empty if there are none.");
    }
    Map<String, V> copy = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : m.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw invalid(
            "has an empty name or value among its " + what,
            "Give every entry of " + what + " a name and a value.");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  private static OtlabException invalid(String what, String remedy) {
    return new OtlabException("FMU_BINDING_INVALID", "The FMU binding " + what + ".", remedy);
  }
}
