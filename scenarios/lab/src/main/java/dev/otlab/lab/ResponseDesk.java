package dev.otlab.lab;

import dev.otlab.library.ResponseAction;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.List;

/**
 * What a {@link Defender} acts through on a running lab. Actions are carried out on the lab's clock
 * thread at the simulated time asked for, each recorded with who asked and why ({@link
 * ResponseRecord}), done or refused with the reason.
 */
public interface ResponseDesk {

  /** Simulated seconds since the run started. */
  double now();

  /**
   * Carries {@code action} out {@code delaySeconds} of simulated time from now (the time a person
   * or a tool takes to respond), and records it.
   *
   * @param who who acts: {@code playbook:<id>}, {@code user:<name>}, {@code cli}
   * @param why the reason recorded with it (the alert or the condition that triggered it)
   */
  void act(ResponseAction action, String who, String why, double delaySeconds);

  /**
   * Runs {@code task} on the clock thread {@code delaySeconds} from now (an escalation's check).
   */
  void later(String what, double delaySeconds, Runnable task);

  /** The architecture the run plays (with any host attached for it). */
  ArchitectureSpec architecture();

  /** The plant the run plays. */
  PlantSpec plant();

  /** Every response carried out so far, in order. */
  List<ResponseRecord> responses();
}
