package dev.otlab.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureVariant;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.SweepSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.sweep.SweepConfig;
import dev.otlab.sweep.SweepEngine;
import dev.otlab.sweep.SweepEngineFactory;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepProgress;
import dev.otlab.sweep.SweepResults;
import dev.otlab.sweep.SweepStore;
import dev.otlab.sweep.SweepVerdicts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otlab sweep}: plays a sweep (architectures x suites x detection x playbook sets, over
 * seeds) with an engine, embedded by default, and prints one evaluation per configuration with a
 * verdict naming the best design of each suite, detection and defence.
 *
 * <p>Engines are {@link SweepEngineFactory} plug-ins found with {@link ServiceLoader}; an engine's
 * own options come as {@code --engine-option KEY=VALUE}, or from a picocli mixin of this command
 * that implements {@link EngineOptions} (one field to add here, e.g. {@code @Mixin SwarmOptions
 * swarm;}).
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Plays a sweep: every architecture of the sweep file, and every variant derived",
      "from one, against every suite, under every detection profile and every playbook",
      "set, each with the sweep's seeds;",
      "each combination is one evaluation, exactly as otlab evaluate makes it",
      "(docs/sweeps.md). Twins are played once per architecture and seed and shared.",
      "Exit status: 0; 1 when a unit fails twice; 2 on invalid input."
    })
public final class SweepCommand implements Callable<Integer> {

  /** A mixin of this command that sets an engine's options. */
  public interface EngineOptions {
    /** The options given, by key (absent ones left out). */
    Map<String, String> options();
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME|FILE", description = "Library sweep or a path.")
  String sweep;

  @Option(
      names = "--engine",
      defaultValue = "embedded",
      paramLabel = "NAME",
      description =
          "Where the units play: embedded (this process), or swarm (Docker Swarm tasks with"
              + " the results in PostgreSQL: --db and the options below; docker/README.md)."
              + " Default: ${DEFAULT-VALUE}.")
  String engine;

  @Mixin SwarmOptions swarm = new SwarmOptions();

  @Option(
      names = "--engine-option",
      paramLabel = "KEY=VALUE",
      description = "An option of the engine (repeatable).")
  Map<String, String> engineOption = new LinkedHashMap<>();

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description =
          "Units played at once by the embedded engine. Default: the number of cores, at most"
              + " one per 128 MiB of Java heap.")
  @Nullable Integer jobs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Writes DIR/sweep.json (every configuration with its scores and intervals) and, per"
              + " configuration, DIR/<config key>/ as otlab evaluate --out writes it.")
  @Nullable Path out;

  @Option(names = "--json", description = "Prints sweep.json instead of the table.")
  boolean json;

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  /** The engine's options: jobs, out and pki, every --engine-option, every mixin's options. */
  Map<String, String> engineOptions() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put(
        "jobs",
        Integer.toString(
            jobs != null
                ? jobs
                : EvaluateCommand.defaultJobs(
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory())));
    o.put("pki", pki.toString());
    if (out != null) {
      o.put("out", out.toString());
    }
    o.putAll(engineOption);
    for (CommandSpec m : spec.mixins().values()) {
      if (m.userObject() instanceof EngineOptions e) {
        o.putAll(e.options());
      }
    }
    return o;
  }

  /** The engine factories this otlab has, by name. */
  static Map<String, SweepEngineFactory> factories() {
    Map<String, SweepEngineFactory> out = new TreeMap<>();
    ServiceLoader.load(SweepEngineFactory.class).forEach(f -> out.put(f.name(), f));
    return out;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SweepSpec sweepSpec = SweepLoader.load(sweep);
    Map<String, SweepEngineFactory> factories = factories();
    SweepEngineFactory factory = factories.get(engine);
    if (factory == null) {
      throw new OtlabException(
          "SWEEP_ENGINE_UNKNOWN",
          "No sweep engine '" + engine + "'.",
          "Give --engine " + String.join(" or ", factories.keySet()) + ".");
    }
    SweepPlan plan = SweepPlan.of(sweepSpec);
    Map<String, String> options = engineOptions();
    SweepEngine e = factory.engine(options);
    if (!json) {
      w.print(header(sweepSpec, plan, e.name()));
      w.flush();
    }
    long t0 = System.nanoTime();
    List<Evaluation> evaluations;
    try (SweepStore store = factory.store(options)) {
      e.play(
          sweepSpec.id(),
          plan,
          store,
          p -> {
            err.println(progressLine(p, (System.nanoTime() - t0) / 1e9));
            err.flush();
          });
      evaluations = SweepResults.evaluations(plan, store.results(sweepSpec.id()));
    }
    ObjectNode summary = summary(sweepSpec, plan, evaluations);
    if (out != null) {
      for (int i = 0; i < evaluations.size(); i++) {
        evaluations.get(i).write(out.resolve(plan.configs().get(i).key()));
      }
      write(out.resolve("sweep.json"), summary);
    }
    if (json) {
      w.println(JSON.writeValueAsString(summary));
    } else {
      w.print(table(plan, evaluations));
      if (out != null) {
        w.println("written to " + out);
      }
    }
    w.flush();
    return 0;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Changes with their kind ({@code op}), which only the list's declared type carries. */
  private static final ObjectWriter CHANGES =
      JSON.writerFor(new TypeReference<List<ArchitectureVariant.Change>>() {});

  /** What the sweep plays, then each variant as its base and changes. */
  static String header(SweepSpec sweep, SweepPlan plan, String engine) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "sweep %s: %d configurations, %d units (%d twins, %d plays), engine %s%n",
                sweep.id(),
                plan.configs().size(),
                plan.units().size(),
                plan.phase(1).size(),
                plan.phase(2).size(),
                engine));
    for (ArchitectureVariant v : sweep.variants()) {
      b.append(String.format(Locale.ROOT, "  variant %s: %s%n", v.id(), v.summary()));
    }
    return b.toString();
  }

  static String progressLine(SweepProgress p, double wallSeconds) {
    return String.format(
        Locale.ROOT,
        "[%d/%d] units done, %d running, %d failed attempts, elapsed %.1f s",
        p.done(),
        p.units(),
        p.running().size(),
        p.failedAttempts(),
        wallSeconds);
  }

  static String table(SweepPlan plan, List<Evaluation> evaluations) {
    List<String> verdicts = SweepVerdicts.of(plan, evaluations);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < evaluations.size(); i++) {
      Evaluation e = evaluations.get(i);
      b.append(
          String.format(
              Locale.ROOT,
              "%-60s total %-32s %s%n",
              plan.configs().get(i).key(),
              e.totalText(),
              verdicts.get(i)));
    }
    return b.toString();
  }

  static ObjectNode summary(SweepSpec sweep, SweepPlan plan, List<Evaluation> evaluations)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", sweep.id());
    root.put("title", sweep.title());
    root.putPOJO("seeds", sweep.seedList());
    ArrayNode variants = root.putArray("variants");
    for (ArchitectureVariant v : sweep.variants()) {
      ObjectNode n = variants.addObject().put("id", v.id()).put("base", v.base());
      // The changes as data: op, path, value (as the file gives it) and before.
      n.set("changes", JSON.readTree(CHANGES.writeValueAsString(v.changes())));
      for (JsonNode c : n.get("changes")) {
        if (c.has("value")) {
          ((ObjectNode) c).set("value", JSON.readTree(c.get("value").asText()));
        }
      }
    }
    List<String> verdicts = SweepVerdicts.of(plan, evaluations);
    ArrayNode configs = root.putArray("configs");
    for (int i = 0; i < evaluations.size(); i++) {
      SweepConfig c = plan.configs().get(i);
      Evaluation e = evaluations.get(i);
      ObjectNode n = configs.addObject();
      n.put("key", c.key());
      n.put("architecture", e.architecture());
      sweep.variant(c.architecture()).ifPresent(v -> n.put("base", v.base()));
      n.put("suite", e.suite());
      n.put("detection", e.detectionProfile());
      n.putPOJO("playbooks", c.playbooks());
      n.putPOJO("scores", e.scores());
      n.putPOJO("intervals", e.intervals());
      n.put("simulatedSeconds", e.simulatedSeconds());
      n.put("verdict", verdicts.get(i));
    }
    return root;
  }

  private static void write(Path file, ObjectNode json) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(json));
    } catch (IOException e) {
      throw new OtlabException(
          "EVALUATION_UNWRITABLE",
          "Cannot write " + file + ": " + e.getMessage(),
          "Choose a writable --out folder.",
          e);
    }
  }
}
