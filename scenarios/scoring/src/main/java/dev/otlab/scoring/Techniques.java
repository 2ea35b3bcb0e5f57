package dev.otlab.scoring;

import java.util.Map;
import java.util.Set;

/**
 * How scoring reads a technique: whether succeeding with it changes control (the severity of a
 * cyber objective) and the attacker capability it takes (the per-zone estimate). The levels follow
 * the capability classes of IEC 62443-3-3's security levels: 1 casual or generic discovery, 2
 * intentional with generic tools, 3 ICS-specific skills, 4 (not reached by one technique) extended
 * campaigns; a scenario that pivots twice or more is one level above its strongest technique.
 */
final class Techniques {

  private Techniques() {}

  /** Techniques whose success changes how the process is controlled or protected. */
  static final Set<String> CONTROL =
      Set.of(
          "T0855", "T0836", "T0806", "T0831", "T0880", "T0837", "T0858", "T0843", "T0814", "T0856");

  /** Pivots: moving the attacker to another host. */
  static final Set<String> PIVOTS = Set.of("T0886", "T0866");

  private static final Map<String, Integer> LEVEL =
      Map.ofEntries(
          Map.entry("T0846", 1),
          Map.entry("T0888", 1),
          Map.entry("T0861", 1),
          Map.entry("T0855", 2),
          Map.entry("T0836", 2),
          Map.entry("T0806", 2),
          Map.entry("T0814", 2),
          Map.entry("T0812", 2),
          Map.entry("T0859", 2),
          Map.entry("T0886", 2),
          Map.entry("T0831", 3),
          Map.entry("T0880", 3),
          Map.entry("T0837", 3),
          Map.entry("T0858", 3),
          Map.entry("T0843", 3),
          Map.entry("T0830", 3),
          Map.entry("T0856", 3),
          Map.entry("T0866", 3));

  /** Capability a technique takes; an unknown technique counts as 2 (generic tools). */
  static int level(String technique) {
    return LEVEL.getOrDefault(technique, 2);
  }
}
