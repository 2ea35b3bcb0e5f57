package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Changes one text value of a library file in its text, so the file keeps its comments, order and
 * layout: how a file that names another by path is copied to where it names it by id (a dashboard
 * upload, a container lab's own files). An edit is kept only when reading the edited text gives the
 * file as it was with that one value changed; a value the edit cannot find on a line of its own, or
 * finds on several, is not changed at all.
 */
public final class YamlEdit {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");

  private YamlEdit() {}

  /**
   * The value at {@code path} (field names from the top of the file), or null when the file does
   * not parse or has no text there.
   */
  public static @Nullable String value(String yaml, List<String> path) {
    JsonNode n = at(tree(yaml), path);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  /**
   * {@code yaml} with the text at {@code path} replaced by {@code value}, or empty when the file
   * does not parse, has no text there, or does not write it as {@code key: value} on a line of its
   * own (optionally quoted, optionally with a comment) that the edit can tell from every other.
   */
  public static Optional<String> replace(String yaml, List<String> path, String value) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("an empty path names no value");
    }
    JsonNode root = tree(yaml);
    JsonNode old = at(root, path);
    if (root == null || old == null || !old.isTextual()) {
      return Optional.empty();
    }
    JsonNode wanted = root.deepCopy();
    ((ObjectNode) at(wanted, path.subList(0, path.size() - 1)))
        .set(path.get(path.size() - 1), TextNode.valueOf(value));
    String indent = path.size() == 1 ? "" : "[ \\t]+";
    Matcher line =
        Pattern.compile(
                "(?m)^("
                    + indent
                    + Pattern.quote(path.get(path.size() - 1))
                    + ":[ \\t]*)(['\"]?)"
                    + Pattern.quote(old.asText())
                    + "\\2([ \\t]+#.*)?[ \\t]*$")
            .matcher(yaml);
    String found = null;
    while (line.find()) {
      String edited =
          yaml.substring(0, line.start())
              + line.group(1)
              + quoted(value)
              + (line.group(3) == null ? "" : line.group(3))
              + yaml.substring(line.end());
      if (wanted.equals(tree(edited))) {
        if (found != null) {
          return Optional.empty();
        }
        found = edited;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String quoted(String value) {
    return PLAIN.matcher(value).matches()
            && !List.of("true", "false", "null", "yes", "no", "on", "off").contains(value)
        ? value
        : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static @Nullable JsonNode tree(String yaml) {
    try {
      return Reader.yaml().readTree(yaml);
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable JsonNode at(@Nullable JsonNode root, List<String> path) {
    JsonNode n = root;
    for (String field : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(field);
    }
    return n;
  }
}
