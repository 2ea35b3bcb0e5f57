package dev.otlab.sweep;

import java.util.Map;

/**
 * Makes a {@link SweepEngine} and the {@link SweepStore} it plays into, from the options of {@code
 * otlab sweep}. Factories are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.otlab.sweep.SweepEngineFactory}), so an engine is added by a class and a
 * line, with no change to the command.
 */
public interface SweepEngineFactory {

  /** The name {@code --engine} selects. */
  String name();

  /**
   * An engine.
   *
   * @param options the command's options: {@code jobs} and whatever the engine's own options set
   *     (see the sweep command's {@code --engine-option KEY=VALUE})
   */
  SweepEngine engine(Map<String, String> options);

  /** The store the engine plays into; in memory unless the engine keeps its results elsewhere. */
  default SweepStore store(Map<String, String> options) {
    return new InMemorySweepStore();
  }
}
