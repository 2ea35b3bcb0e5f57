package dev.otlab.process.declared;

import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModel;
import dev.otlab.process.ProcessModelKind;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProcessModelKind} backed by a spec rather than a Java class, for a plant file that
 * declares its own model. Not registered with the service loader: the plant loader creates one per
 * declared model.
 */
public final class DeclaredModelKind implements ProcessModelKind {

  private final ProcessModelSpec spec;

  public DeclaredModelKind(ProcessModelSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("declared model kind needs its spec");
    }
    this.spec = spec;
  }

  public ProcessModelSpec spec() {
    return spec;
  }

  @Override
  public String kind() {
    return spec.kind();
  }

  @Override
  public List<ModelParameters.Definition> parameters() {
    return spec.parameterDefinitions();
  }

  @Override
  public ProcessModel create(Map<String, Double> overrides) {
    return spec.create(overrides);
  }
}
