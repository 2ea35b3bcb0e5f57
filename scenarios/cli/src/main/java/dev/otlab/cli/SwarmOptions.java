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

  @Option(
      names = "--network",
      paramLabel = "NAME",
      description =
          "Swarm engine: the network the tasks join: host (default; --db as the nodes reach it),"
              + " or an attachable overlay with the database service on it, e.g. otlab-sweep"
              + " (docker/sweep-db.yml) with --task-db.")
  @Nullable String network;

  @Option(
      names = "--task-db",
      paramLabel = "URL",
      description =
          "Swarm engine: the sweep database as the tasks reach it on --network, e.g."
              + " jdbc:postgresql://sweep-db:5432/otlab; --db is then its published port as this"
              + " machine reaches it. Default: --db.")
  @Nullable String taskDb;

  /** The options given, under the engine option keys. */
  @Override
  public Map<String, String> options() {
    Map<String, String> out = new LinkedHashMap<>();
    db.putInto(out);
    put(out, "concurrency", concurrency);
    put(out, "image", image);
    put(out, "max-attempts", maxAttempts);
    put(out, "network", network);
    put(out, "task-db", taskDb);
    return out;
  }

  private static void put(Map<String, String> out, String key, @Nullable Object value) {
    if (value != null) {
      out.put(key, value.toString());
    }
  }
}
