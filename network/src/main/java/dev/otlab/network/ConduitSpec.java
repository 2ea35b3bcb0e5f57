package dev.otlab.network;

import java.util.List;
import java.util.Objects;

/**
 * A conduit between two zones: the only way traffic crosses between them, enforcing its rules in
 * order with default deny. Rules apply in both directions; a rule's source and destination say
 * which side may open a connection.
 *
 * @param id conduit id
 * @param zoneA one zone
 * @param zoneB the other zone
 * @param rules ordered rules
 * @param description what it is for
 * @param log what it logs to the SOC, which detection reads beside its taps
 */
public record ConduitSpec(
    String id,
    String zoneA,
    String zoneB,
    List<RuleSpec> rules,
    String description,
    ConduitLog log) {

  /** A conduit that logs nothing. */
  public ConduitSpec(
      String id, String zoneA, String zoneB, List<RuleSpec> rules, String description) {
    this(id, zoneA, zoneB, rules, description, ConduitLog.NONE);
  }

  public ConduitSpec {
    rules = List.copyOf(rules);
    Objects.requireNonNull(log, "log");
    if (zoneA.equals(zoneB)) {
      throw new IllegalArgumentException(id + ": a conduit joins two different zones");
    }
  }

  public boolean joins(String zone) {
    return zoneA.equals(zone) || zoneB.equals(zone);
  }

  public String other(String zone) {
    return zoneA.equals(zone) ? zoneB : zoneA;
  }
}
