package dev.otlab.attacks;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What one attack step achieved: a closed set, so the run trace and scoring can be exhaustive. */
public sealed interface StepOutcome {

  /** A sentence for the timeline. */
  String describe();

  /**
   * The step did what it set out to do.
   *
   * @param detail a sentence for the timeline
   * @param findings what the attacker learned or changed, e.g. {@code reachable} or {@code vendor}
   */
  record Succeeded(String detail, Map<String, String> findings) implements StepOutcome {
    public Succeeded {
      findings = Map.copyOf(findings);
    }

    @Override
    public String describe() {
      return "succeeded: " + detail;
    }
  }

  /**
   * A conduit refused the traffic.
   *
   * @param conduit the conduit that refused, {@code (none)} when no conduit path exists
   * @param rule the rule that refused, null for the conduit's default deny
   * @param detail a sentence for the timeline
   */
  record Blocked(String conduit, @Nullable String rule, String detail) implements StepOutcome {
    @Override
    public String describe() {
      return "blocked by conduit "
          + conduit
          + (rule == null ? " (default deny)" : " rule " + rule)
          + ": "
          + detail;
    }
  }

  /**
   * The step did not succeed for a reason other than a conduit: the device refused (a Modbus
   * exception, an OPC UA Bad status, wrong credentials), the target is unknown, or a parameter is
   * wrong.
   */
  record Failed(String reason) implements StepOutcome {
    @Override
    public String describe() {
      return "failed: " + reason;
    }
  }
}
