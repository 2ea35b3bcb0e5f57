package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.swarm.SwarmSweepEngine;
import dev.otlab.sweep.JdbcSweepStore;
import dev.otlab.sweep.SweepPlan;
import dev.otlab.sweep.SweepUnit;
import dev.otlab.sweep.UnitPlayer;
import dev.otlab.sweep.UnitResult;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code otlab sweep-task}: one Swarm task of a sweep. It reads the sweep's plan from the database,
 * takes the unit of its task slot (Swarm numbers a replicated job's tasks 0 to N-1 and keeps a
 * restarted task's slot, so a retry plays the same unit; see {@link SwarmSweepEngine#place}), plays
 * it with the {@link UnitPlayer} every engine uses, and files the result. A unit that fails is
 * filed as failed, with its error, and the task exits with status 1 so Swarm restarts it.
 */
@Command(
    name = "sweep-task",
    mixinStandardHelpOptions = true,
    description = {
      "Plays one unit of a sweep stored in PostgreSQL (--db) and files its result there: the",
      "entry point of a Swarm task started by otlab sweep --engine swarm (docker/README.md,",
      "Sweeps on Swarm). The unit is the slot-th of --phase in the sweep's plan.",
      "Exit status: 0 when the result is filed (or was already); 1 when the unit failed;",
      "2 on invalid options."
    })
public final class SweepTaskCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--sweep", required = true, paramLabel = "ID", description = "The sweep's id.")
  String sweep;

  @Option(
      names = "--phase",
      required = true,
      paramLabel = "1|2",
      description = "The phase: 1 plays twins, 2 plays scenarios.")
  int phase;

  @Option(
      names = "--slot",
      paramLabel = "N",
      description =
          "The unit's place in its phase, from 1. Default: from the env variable"
              + " OTLAB_SWEEP_SLOT, the task's Swarm slot (0 to N-1; slot 0 shows as the node's"
              + " id), which the swarm engine sets.")
  @Nullable Integer slot;

  @Option(
      names = "--worker",
      paramLabel = "NAME",
      description =
          "Who plays it, as progress shows. Default: OTLAB_SWEEP_WORKER (node/task), or the host"
              + " name.")
  @Nullable String worker;

  @Mixin SweepDbOptions db = new SweepDbOptions();

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  private final Map<String, String> env;

  public SweepTaskCommand() {
    this(System.getenv());
  }

  SweepTaskCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant taskStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    if (phase != 1 && phase != 2) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID", "--phase " + phase + " is neither 1 nor 2.", "Give 1 or 2.");
    }
    int n = slot != null ? slot : slotFromEnv();
    String who = worker != null ? worker : env.getOrDefault("OTLAB_SWEEP_WORKER", hostName());
    try (JdbcSweepStore store = JdbcSweepStore.direct(db.url(), db.user(), db.password(env))) {
      SweepPlan plan = store.plan(sweep);
      List<SweepUnit> units = plan.phase(phase);
      if (n < 1 || n > units.size()) {
        throw new OtlabException(
            "SWARM_OPTION_INVALID",
            "Slot "
                + n
                + " is outside 1 to "
                + units.size()
                + ", the units of phase "
                + phase
                + ".",
            "Give a slot of the phase; the swarm engine starts one task per unit.");
      }
      SweepUnit unit = units.get(n - 1);
      if (store.started(sweep, unit.key(), who, taskStarted)) {
        out.printf("sweep-task %s: %s has its result already%n", sweep, unit.key());
        out.flush();
        return 0;
      }
      out.printf(Locale.ROOT, "sweep-task %s: playing %s as %s%n", sweep, unit.key(), who);
      out.flush();
      long start = System.nanoTime();
      UnitResult result;
      try {
        result = new UnitPlayer(pki).play(plan, unit, store.results(sweep));
      } catch (RuntimeException e) {
        store.failed(sweep, unit.key(), who, e.toString());
        throw e;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      store.put(sweep, unit.key(), result, who, seconds);
      out.printf(
          Locale.ROOT,
          "sweep-task %s: %s done, %.0f simulated s in %.1f s wall%n",
          sweep,
          unit.key(),
          result.simulatedSeconds(),
          seconds);
      out.flush();
      return 0;
    }
  }

  private int slotFromEnv() {
    String s = env.get("OTLAB_SWEEP_SLOT");
    if (s == null || s.isBlank()) {
      throw new OtlabException(
          "SWARM_OPTION_INVALID",
          "No task slot: --slot is not given and OTLAB_SWEEP_SLOT is unset.",
          "Give --slot N, or start the task with otlab sweep --engine swarm, which sets the"
              + " slot.");
    }
    return SwarmSweepEngine.place(s);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
