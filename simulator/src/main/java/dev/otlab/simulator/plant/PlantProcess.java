package dev.otlab.simulator.plant;

import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.process.fmi.FmuSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a plant's process is, as its plant file's {@code process:} block says: a Java model kind, a
 * model declared as equations, or an FMU. Each form carries the plant file's parameter overrides;
 * {@link Plant} makes a {@link dev.otlab.process.ProcessSimulation} from any of them.
 */
public sealed interface PlantProcess {

  /** Overrides of the model's parameters, as the plant file gives them. */
  Map<String, Double> parameters();

  /**
   * A model kind registered with {@link dev.otlab.process.ProcessModels} (a Java class behind the
   * ServiceLoader), e.g. {@code draining-tank}.
   */
  record Kind(String kind, Map<String, Double> parameters) implements PlantProcess {
    public Kind {
      parameters = Map.copyOf(parameters);
    }
  }

  /** A model declared in the plant file as states, inputs and equations. */
  record Declared(ProcessModelSpec spec, Map<String, Double> parameters) implements PlantProcess {
    public Declared {
      parameters = Map.copyOf(parameters);
    }
  }

  /**
   * An FMU co-simulated as the process. The overrides are FMU parameter values by variable name;
   * they win over the binding's own {@code parameters}.
   */
  record Fmu(FmuSpec spec, Map<String, Double> parameters) implements PlantProcess {
    public Fmu {
      parameters = Map.copyOf(parameters);
    }

    /** The binding with the overrides applied, as the FMU is opened. */
    public FmuSpec effective() {
      if (parameters.isEmpty()) {
        return spec;
      }
      Map<String, Double> merged = new LinkedHashMap<>(spec.parameters());
      // Sorted so the FMU sees its parameters in the same order every run.
      new java.util.TreeMap<>(parameters).forEach(merged::put);
      return spec.withParameters(merged);
    }
  }
}
