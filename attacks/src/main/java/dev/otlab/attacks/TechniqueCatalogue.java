package dev.otlab.attacks;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ATT&amp;CK for ICS names and tactics of the techniques, from the versioned data file {@code
 * attack/techniques.yaml}. The file has one fixed shape, so a line parser reads it and the module
 * needs no YAML library; anything outside that shape is an error naming its line.
 */
public final class TechniqueCatalogue {

  /** Class-path location of the data file. */
  public static final String RESOURCE = "attack/techniques.yaml";

  /**
   * One technique.
   *
   * @param id ATT&amp;CK id, e.g. {@code T0855}
   * @param name ATT&amp;CK name
   * @param tactics ICS tactics, at least one
   */
  public record Entry(String id, String name, List<String> tactics) {
    public Entry {
      tactics = List.copyOf(tactics);
      if (!id.matches("T\\d{4}(\\.\\d{3})?") || name.isBlank() || tactics.isEmpty()) {
        throw new IllegalArgumentException(id + ": needs an id like T0855, a name and a tactic");
      }
    }
  }

  private final String attackVersion;
  private final Map<String, Entry> entries;

  TechniqueCatalogue(String attackVersion, Map<String, Entry> entries) {
    this.attackVersion = attackVersion;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** The catalogue shipped with this module. */
  public static TechniqueCatalogue load() {
    try (InputStream in = TechniqueCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw invalid("is missing from the class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw invalid("cannot be read: " + e.getMessage());
    }
  }

  /**
   * Parses the catalogue format.
   *
   * @throws OtlabException {@code ATTACK_CATALOGUE_INVALID} naming the line
   */
  public static TechniqueCatalogue parse(String text) {
    String version = null;
    Map<String, Entry> entries = new LinkedHashMap<>();
    boolean inList = false;
    String id = null;
    String name = null;
    List<String> tactics = null;
    int entryLine = 0;
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String raw = lines[i];
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!raw.startsWith(" ")) {
        inList = false;
        if (line.startsWith("attackVersion:")) {
          version = unquote(line.substring("attackVersion:".length()));
        } else if (line.equals("techniques:")) {
          inList = true;
        } else {
          throw invalid("line " + n + ": unknown key '" + line + "'");
        }
        continue;
      }
      if (!inList) {
        throw invalid("line " + n + ": indented line outside 'techniques:'");
      }
      if (line.startsWith("- ")) {
        add(entries, id, name, tactics, entryLine);
        id = null;
        name = null;
        tactics = null;
        entryLine = n;
        line = line.substring(2).strip();
      }
      int colon = line.indexOf(':');
      if (colon < 0 || entryLine == 0) {
        throw invalid("line " + n + ": expected '- id: T0000', 'name: ...' or 'tactics: [...]'");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "id":
          id = unquote(value);
          break;
        case "name":
          name = unquote(value);
          break;
        case "tactics":
          if (!value.startsWith("[") || !value.endsWith("]")) {
            throw invalid("line " + n + ": tactics must be a list such as [Discovery]");
          }
          tactics =
              Arrays.stream(value.substring(1, value.length() - 1).split(","))
                  .map(String::strip)
                  .map(TechniqueCatalogue::unquote)
                  .filter(s -> !s.isEmpty())
                  .toList();
          break;
        default:
          throw invalid("line " + n + ": unknown technique key '" + key + "'");
      }
    }
    add(entries, id, name, tactics, entryLine);
    if (version == null || version.isBlank()) {
      throw invalid("has no attackVersion");
    }
    return new TechniqueCatalogue(version, entries);
  }

  private static void add(
      Map<String, Entry> entries,
      @Nullable String id,
      @Nullable String name,
      @Nullable List<String> tactics,
      int line) {
    if (line == 0) {
      return;
    }
    if (id == null || name == null || tactics == null) {
      throw invalid("entry at line " + line + " needs id, name and tactics");
    }
    Entry e;
    try {
      e = new Entry(id, name, tactics);
    } catch (IllegalArgumentException ex) {
      throw invalid("entry at line " + line + ": " + ex.getMessage());
    }
    if (entries.putIfAbsent(id, e) != null) {
      throw invalid("entry at line " + line + " repeats id " + id);
    }
  }

  private static String unquote(String s) {
    String v = s.strip();
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  private static OtlabException invalid(String what) {
    return new OtlabException(
        "ATTACK_CATALOGUE_INVALID",
        "The technique catalogue " + RESOURCE + " " + what + ".",
        "Fix the file: 'attackVersion: \"...\"' and a 'techniques:' list of entries with id, name"
            + " and tactics: [..].");
  }

  /** The ATT&amp;CK release the ids and names were checked against. */
  public String attackVersion() {
    return attackVersion;
  }

  public Optional<Entry> entry(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  /** Entries in file order. */
  public List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }
}
