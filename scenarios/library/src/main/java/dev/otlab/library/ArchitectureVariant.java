package dev.otlab.library;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A design derived from another by changes to its data: "the DPI design without MFA on the
 * engineering account", "with the firewall logs off". A sweep names it by its id beside the
 * architectures it plays ({@link SweepSpec#variants()}); {@link ArchitectureVariants#derive} turns
 * it into an {@link dev.otlab.network.ArchitectureSpec} whose id is the variant's, through the
 * architecture loader, so a derived design is checked like any architecture file.
 *
 * <p>A change addresses the base's YAML data by a path of field names and ids ({@link
 * Change#path}): {@code accounts.eng-admin.mfa}, {@code conduits.ops-control.rules.hist-ua}, {@code
 * sensors.taps.ops-control}. A list element is named by its {@code id}, or in a list of plain
 * values by the value; any field can be varied so, without code per kind of change.
 *
 * <p>Everything is plain text, so a plan carries a variant as JSON and a Swarm task, which has the
 * library but not the user's sweep file, derives the same design.
 *
 * @param id the derived design's id (an architecture id; unique among a sweep's architectures)
 * @param base the design it is derived from: a library architecture name or a path
 * @param title the derived design's title, or null for the base's with the variant's id
 * @param description its description, or null for the base's id and the changes ({@link
 *     #summary()})
 * @param changes the changes, applied in order
 */
public record ArchitectureVariant(
    String id,
    String base,
    @Nullable String title,
    @Nullable String description,
    List<Change> changes) {

  /** What an architecture id looks like (the architecture schema's {@code id}). */
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");

  public ArchitectureVariant {
    changes = List.copyOf(changes);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a variant's id is an architecture id ([a-z][a-z0-9_-]*), not '" + id + "'");
    }
    if (base.isBlank()) {
      throw new IllegalArgumentException("variant " + id + " needs a base architecture");
    }
  }

  /** The base and the changes in one line: {@code BASE; set a.b to v; remove c.d}. */
  public String summary() {
    StringBuilder b = new StringBuilder(base);
    for (Change c : changes) {
      b.append("; ").append(c.summary());
    }
    return b.toString();
  }

  /** One change to a design's data. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Change.Set.class, name = "set"),
    @JsonSubTypes.Type(value = Change.Remove.class, name = "remove"),
    @JsonSubTypes.Type(value = Change.Add.class, name = "add")
  })
  public sealed interface Change {

    /**
     * Where: field names and list elements' ids (or plain values) joined by dots, from the top of
     * the design ({@code hosts.eng-ws.posture.credentials}).
     */
    String path();

    /** {@link #path()} split at its dots. */
    @JsonIgnore
    default List<String> segments() {
      return Arrays.asList(path().split("\\.", -1));
    }

    /** The change in words, a long value in brief, as {@code otlab sweep} prints it. */
    @JsonIgnore
    String summary();

    /**
     * Sets a field (adding it when the mapping has none) or replaces a list element.
     *
     * @param path where
     * @param value the new value as JSON text ({@code false}, {@code "weak"}, {@code [1, 2]})
     */
    record Set(String path, String value) implements Change {
      public Set {
        checkPath(path);
        value = json(value);
      }

      @Override
      public String summary() {
        return "set " + path + " to " + ArchitectureVariants.brief(value);
      }
    }

    /**
     * Removes a field or a list element.
     *
     * @param path where
     */
    record Remove(String path) implements Change {
      public Remove {
        checkPath(path);
      }

      @Override
      public String summary() {
        return "remove " + path;
      }
    }

    /**
     * Adds an element to a list: at its end, or before the element {@code before} names (a rule
     * before the conduit's final reject).
     *
     * @param path the list
     * @param value the element as JSON text
     * @param before the id (or plain value) of the element it goes before, or null for the end
     */
    record Add(String path, String value, @Nullable String before) implements Change {
      public Add {
        checkPath(path);
        value = json(value);
      }

      @Override
      public String summary() {
        return "add "
            + ArchitectureVariants.brief(value)
            + " to "
            + path
            + (before == null ? "" : " before " + before);
      }
    }

    private static String json(String value) {
      return ArchitectureVariants.text(ArchitectureVariants.tree(value));
    }

    private static void checkPath(String path) {
      if (path.isBlank() || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException(
            "a change's path is field names and ids joined by dots, not '" + path + "'");
      }
    }
  }
}
