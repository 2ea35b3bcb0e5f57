package dev.otlab.scoring.arch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Findings of one check with one cause, reported once: the same check, severity and fix, with
 * messages that differ only in the hosts, conduits and rules they are about (say the same weak
 * posture on every HMI of a cell, or the same reach of the SIS from every host of a zone). A large
 * site repeats a weakness over hundreds of hosts; listed one by one, the findings bury the few
 * different ones. A finding like no other is a group of one.
 *
 * @param findings the findings, in report order; the first stands for the group
 */
public record FindingGroup(List<Finding> findings) {

  /** How many examples {@code otlab check} shows of a group. */
  public static final int EXAMPLES = 3;

  public FindingGroup {
    findings = List.copyOf(findings);
    if (findings.isEmpty()) {
      throw new IllegalArgumentException("a group has at least one finding");
    }
  }

  /**
   * Groups findings alike, in the order of each group's first finding (findings sorted by severity
   * stay so).
   */
  public static List<FindingGroup> of(List<Finding> findings) {
    Map<String, List<Finding>> groups = new LinkedHashMap<>();
    for (Finding f : findings) {
      groups.computeIfAbsent(cause(f), k -> new ArrayList<>()).add(f);
    }
    return groups.values().stream().map(FindingGroup::new).toList();
  }

  /**
   * What findings alike share: check, severity, and message and fix with the names of the hosts,
   * conduits and rules the finding is about blanked out (zone names stay: a weakness in another
   * zone is another finding).
   */
  static String cause(Finding f) {
    Set<String> names = new HashSet<>();
    for (String e : f.elements()) {
      int colon = e.indexOf(':');
      String kind = colon < 0 ? "" : e.substring(0, colon);
      String name = e.substring(colon + 1);
      switch (kind) {
        case "host", "conduit" -> names.add(name);
        case "rule" -> {
          int slash = name.indexOf('/');
          names.add(name.substring(0, Math.max(slash, 0)));
          names.add(name.substring(slash + 1));
        }
        default -> {
          // zones and anything else stay
        }
      }
    }
    return f.id()
        + '\n'
        + f.severity()
        + '\n'
        + blank(f.message(), names)
        + '\n'
        + blank(f.fix(), names);
  }

  /** The text with every whole word that is one of {@code names} replaced by {@code *}. */
  private static String blank(String text, Set<String> names) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (!isNameChar(text.charAt(i))) {
        out.append(text.charAt(i++));
        continue;
      }
      int end = i;
      while (end < text.length() && isNameChar(text.charAt(end))) {
        end++;
      }
      String word = text.substring(i, end);
      out.append(names.contains(word) ? "*" : word);
      i = end;
    }
    return out.toString();
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  /** The first finding, which stands for the group. */
  public Finding first() {
    return findings.get(0);
  }

  public String id() {
    return first().id();
  }

  public Severity severity() {
    return first().severity();
  }

  /** The first finding's message. */
  public String message() {
    return first().message();
  }

  /** The first finding's fix (the others' differ at most in the names they are about). */
  public String fix() {
    return first().fix();
  }

  /** How many findings the group stands for. */
  public int count() {
    return findings.size();
  }

  /** Every element of every finding of the group, each once, in order of appearance. */
  public List<String> elements() {
    Set<String> all = new LinkedHashSet<>();
    findings.forEach(f -> all.addAll(f.elements()));
    return List.copyOf(all);
  }

  /** The first {@link #EXAMPLES} findings. */
  public List<Finding> examples() {
    return findings.subList(0, Math.min(EXAMPLES, findings.size()));
  }

  /**
   * What tells a finding of the group from the others: its elements that not every finding of the
   * group has, e.g. {@code host:hmi-1-2}.
   */
  public List<String> distinct(Finding f) {
    Set<String> common = new LinkedHashSet<>(first().elements());
    findings.forEach(g -> common.retainAll(g.elements()));
    return f.elements().stream().filter(e -> !common.contains(e)).toList();
  }
}
