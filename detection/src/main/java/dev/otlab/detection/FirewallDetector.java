package dev.otlab.detection;

import dev.otlab.detection.FirewallKind.Rule;
import dev.otlab.network.Names;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code firewall} rules of a profile over the conduits' logs; blind to tapped traffic. */
final class FirewallDetector implements Detector {

  static final String DETECTOR = "firewall";

  private final FirewallKind.Rules rules;
  private final Hosts hosts;
  private final AlertBook book;
  // Per rule and source, the times of its matching lines inside the rule's window.
  private final Map<String, Deque<Double>> windows = new HashMap<>();

  FirewallDetector(FirewallKind.Rules rules, Hosts hosts, AlertBook book) {
    this.rules = rules;
    this.hosts = hosts;
    this.book = book;
  }

  @Override
  public void accept(ProtocolEvent event) {
    // A firewall's log is all it reads.
  }

  @Override
  public void accept(FirewallRecord r) {
    String from = hosts.role(r.sourceHost());
    String to = hosts.role(r.destinationHost());
    for (Rule rule : rules.rules()) {
      if (!matches(rule, r, from, to)) {
        continue;
      }
      if (rule.threshold() == 1) {
        book.raise(
            r.time(),
            DETECTOR,
            rule.id(),
            rule.severity(),
            rule.techniques(),
            r.sourceHost(),
            r.destinationHost(),
            rule.summary()
                + ": "
                + (r.denied() ? "refused " : "allowed ")
                + Names.yaml(r.protocol())
                + " from "
                + r.sourceHost()
                + " to "
                + r.destinationHost()
                + ":"
                + r.port()
                + " at "
                + r.conduit(),
            AlertBook.evidence(r));
        continue;
      }
      Deque<Double> w =
          windows.computeIfAbsent(rule.id() + "|" + r.sourceHost(), k -> new ArrayDeque<>());
      w.addLast(r.time());
      while (w.peekFirst() < r.time() - rule.windowSeconds()) {
        w.removeFirst();
      }
      if (w.size() >= rule.threshold()) {
        book.raise(
            r.time(),
            DETECTOR,
            rule.id(),
            rule.severity(),
            rule.techniques(),
            r.sourceHost(),
            null,
            String.format(
                Locale.ROOT,
                "%s: %d %s within %.0f s from %s",
                rule.summary(),
                w.size(),
                rule.verdict() == FirewallKind.Verdict.ALLOWED
                    ? "sessions"
                    : rule.verdict() == FirewallKind.Verdict.DENIED ? "refusals" : "log lines",
                rule.windowSeconds(),
                r.sourceHost()),
            AlertBook.evidence(r));
      }
    }
  }

  private static boolean matches(Rule rule, FirewallRecord r, String from, String to) {
    switch (rule.verdict()) {
      case DENIED:
        if (!r.denied()) {
          return false;
        }
        break;
      case ALLOWED:
        if (r.denied()) {
          return false;
        }
        break;
      default:
        break;
    }
    String decidedBy = r.rule() == null ? Rule.DEFAULT_DENY : r.rule();
    return (rule.protocols().isEmpty() || rule.protocols().contains(r.protocol()))
        && (rule.ports().isEmpty() || rule.ports().contains(r.port()))
        && (rule.conduits().isEmpty() || rule.conduits().contains(r.conduit()))
        && (rule.conduitRules().isEmpty() || rule.conduitRules().contains(decidedBy))
        && (rule.fromRoles().isEmpty() || rule.fromRoles().contains(from))
        && (rule.toRoles().isEmpty() || rule.toRoles().contains(to))
        && !rule.exceptRoles().contains(from);
  }
}
