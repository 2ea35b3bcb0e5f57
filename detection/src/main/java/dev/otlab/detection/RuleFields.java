package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.network.HostRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The fields every rule section reads alike ({@code functions}, {@code writers}, {@code rates} of
 * {@link RulesKind}, {@code firewall} of {@link FirewallKind}): an id unique among the kind's
 * rules, a severity, techniques, role, name and number lists. One reading, so the same mistake gets
 * the same problem in every section. Like {@link SectionReader}'s getters these drop quietly what
 * the schema has already reported (an unknown role, a blank name, a fraction where a number goes).
 */
final class RuleFields {

  static final Map<String, AlertSeverity> SEVERITIES =
      SectionReader.byYamlName(AlertSeverity.values());

  /** Host roles by their YAML spelling, sorted: what a remedy lists. */
  static final Set<String> ROLES =
      new TreeSet<>(SectionReader.byYamlName(HostRole.values()).keySet());

  private RuleFields() {}

  /**
   * What every rule starts with, read in this order so problems come in file order.
   *
   * @param id rule id; a problem when {@code ids} (the kind's rules so far) has it already
   */
  record Head(String id, AlertSeverity severity, List<String> techniques) {}

  static Head head(JsonNode n, String path, SectionReader r, Set<String> ids) {
    String id = r.text(n, path, "id", null);
    if (!id.isEmpty() && !ids.add(id)) {
      r.problem(
          SectionReader.join(path, "id"),
          "'" + id + "' is used twice.",
          "Give every rule its own id.");
    }
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, null);
    List<String> techniques = strings(n, path, "techniques", r);
    return new Head(id, severity, techniques);
  }

  /**
   * Builds the rule and keeps it in {@code out}, unless a problem was found before (the rule's
   * fields may then be fallbacks) or the rule refuses itself (a problem at {@code path}).
   */
  static <T> void keep(SectionReader r, String path, Supplier<T> make, List<? super T> out) {
    if (r.hasProblems()) {
      return;
    }
    T rule = r.build(path, make);
    if (rule != null) {
      out.add(rule);
    }
  }

  /** The host roles listed in {@code field}. */
  static Set<String> roles(JsonNode n, String path, String field, SectionReader r) {
    return listed(
        n,
        path,
        field,
        r,
        e -> ROLES.contains(e.asText()) ? e.asText() : null,
        new LinkedHashSet<>());
  }

  /** The non-blank names listed in {@code field}, in file order. */
  static List<String> strings(JsonNode n, String path, String field, SectionReader r) {
    return listed(
        n,
        path,
        field,
        r,
        e -> e.isTextual() && !e.asText().isBlank() ? e.asText() : null,
        new ArrayList<>());
  }

  /** The whole numbers listed in {@code field} (ports, function codes), in file order. */
  static Set<Integer> integers(JsonNode n, String path, String field, SectionReader r) {
    return listed(
        n,
        path,
        field,
        r,
        e -> e.isIntegralNumber() && e.canConvertToInt() ? e.asInt() : null,
        new LinkedHashSet<>());
  }

  /**
   * Adds to {@code out} what each item {@code field} lists is, by {@code value}; an item it makes
   * nothing of (null) is the schema's to report, and left out.
   */
  static <T, C extends Collection<T>> C listed(
      JsonNode n,
      String path,
      String field,
      SectionReader r,
      Function<JsonNode, @Nullable T> value,
      C out) {
    r.list(
        n,
        path,
        field,
        (e, ep) -> {
          T v = value.apply(e);
          if (v != null) {
            out.add(v);
          }
        });
    return out;
  }
}
