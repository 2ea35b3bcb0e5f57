package dev.otlab.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code otlab sweep --engine swarm}, as a picocli mixin of the sweep command; they
 * become the engine options the {@link dev.otlab.swarm.SwarmEngineFactory} reads (the same keys
 * {@code --engine-option KEY=VALUE} takes).
 */
public final class SwarmOptions implements SweepCommand.EngineOptions {

  @Mixin SweepDbOptions db = new SweepDbOptions();

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Swarm engine: tasks run at once over the whole swarm. Default: 4.")
  @Nullable Integer concurrency;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "Swarm engine: the lab image, on every node. Default: otlab/lab:dev.")
  @Nullable String image;

  @Option(
      names = "--max-attempts",
      paramLabel = "K",
      description =
          "Swarm engine: attempts per unit (Swarm restarts a failed task) before the sweep"
              + " fails. Default: 3.")
  @Nullable Integer maxAttempts;

  /** The options given, under the engine option keys. */
  @Override
  public Map<String, String> options() {
    Map<String, String> out = new LinkedHashMap<>();
    db.putInto(out);
    put(out, "concurrency", concurrency);
    put(out, "image", image);
    put(out, "max-attempts", maxAttempts);
    return out;
  }

  private static void put(Map<String, String> out, String key, @Nullable Object value) {
    if (value != null) {
      out.put(key, value.toString());
    }
  }
}
