package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tells a conduit's refusal from a device's: remembers the last denial recorded towards a host
 * before a step sends, so a denial seen afterwards is this step's. Relays record a decision before
 * they close or answer, so by the time a client sees the refusal the denial is there.
 */
final class Watch {

  private final AttackContext ctx;
  private final String host;
  private final ConduitDecision.@Nullable Denied before;

  Watch(AttackContext ctx, String host) {
    this.ctx = ctx;
    this.host = host;
    this.before = ctx.lastDenial(host).orElse(null);
  }

  /** A denial recorded since this watch began. */
  Optional<ConduitDecision.Denied> fresh() {
    return ctx.lastDenial(host).filter(d -> d != before);
  }

  /**
   * Blocked when a conduit refused since the watch began (or no conduit path exists), otherwise
   * {@code otherwise}.
   */
  StepOutcome blockedOr(@Nullable Access access, StepOutcome otherwise) {
    Optional<ConduitDecision.Denied> d = fresh();
    if (d.isPresent()) {
      return blocked(d.get());
    }
    if (access instanceof Access.Unreachable u) {
      return new StepOutcome.Blocked("(none)", null, u.reason());
    }
    return otherwise;
  }

  static StepOutcome.Blocked blocked(ConduitDecision.Denied d) {
    return new StepOutcome.Blocked(d.conduit(), d.rule(), d.reason());
  }
}
