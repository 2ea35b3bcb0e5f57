package dev.otlab.scoring;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ZoneSpec;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The strongest attacker a zone held against, estimated from the suite on the IEC 62443-3-3
 * security level scale: the highest level a scenario aimed at the zone takes ({@link
 * AttackerCapability}, from its technique chain) among those the defence stopped, capped one below
 * the lowest level that did reach its objective there. A zone breached by an SL 2 chain is at most
 * SL 1, whatever else it held against.
 *
 * <p>A scenario held only when its run's outcome is a decided prevention ({@link
 * Scorecard#prevented()}). One left undecided at the horizon says nothing about the zone either
 * way.
 *
 * @param zone zone id
 * @param securityLevelTarget the zone's SL-T from the architecture
 * @param tested scenarios whose objective lay in the zone
 * @param heldAgainst highest security level among those held (0: none held)
 * @param breachedBy lowest security level among those reached, or null
 * @param breachedScenarios scenarios that reached their objective in the zone
 * @param estimate min(heldAgainst, breachedBy - 1); null when no scenario tested the zone, or all
 *     that did were undecided
 * @param meetsTarget estimate at least the SL-T; null when there is no estimate
 * @param undecided scenarios aimed at the zone neither reached nor stopped
 */
public record ZoneEstimate(
    String zone,
    int securityLevelTarget,
    List<String> tested,
    int heldAgainst,
    @Nullable Integer breachedBy,
    List<String> breachedScenarios,
    @Nullable Integer estimate,
    @Nullable Boolean meetsTarget,
    List<String> undecided) {

  public ZoneEstimate {
    tested = List.copyOf(tested);
    breachedScenarios = List.copyOf(breachedScenarios);
    undecided = List.copyOf(undecided);
  }

  public static List<ZoneEstimate> of(ArchitectureSpec arch, List<Scorecard> cards) {
    List<ZoneEstimate> out = new ArrayList<>();
    for (ZoneSpec z : arch.zones()) {
      List<String> tested = new ArrayList<>();
      List<String> breached = new ArrayList<>();
      List<String> undecided = new ArrayList<>();
      int held = 0;
      boolean heldAny = false;
      Integer breachedBy = null;
      for (Scorecard c : cards) {
        if (!c.objectiveZones().contains(z.id())) {
          continue;
        }
        tested.add(c.scenario());
        if (c.objectiveReached()) {
          breached.add(c.scenario());
          breachedBy =
              breachedBy == null ? c.attackerLevel() : Math.min(breachedBy, c.attackerLevel());
        } else if (c.prevented()) {
          heldAny = true;
          held = Math.max(held, c.attackerLevel());
        } else {
          undecided.add(c.scenario());
        }
      }
      Integer estimate = null;
      Boolean meets = null;
      if (heldAny || breachedBy != null) {
        estimate = breachedBy == null ? held : Math.min(held, breachedBy - 1);
        meets = estimate >= z.securityLevelTarget();
      }
      out.add(
          new ZoneEstimate(
              z.id(),
              z.securityLevelTarget(),
              tested,
              held,
              breachedBy,
              breached,
              estimate,
              meets,
              undecided));
    }
    return out;
  }
}
