package dev.otlab.dashboard.errors;

import dev.otlab.testkit.Module;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The main Java sources of every module, with comments blanked out so a code named in a comment is
 * neither found nor missed, and the small parsing the scan needs: the arguments of a call.
 */
final class Sources {

  /** One source file: where it is and its text without comments. */
  record File(Path path, String module, String code) {
    String simpleName() {
      String n = path.getFileName().toString();
      return n.substring(0, n.length() - ".java".length());
    }
  }

  private Sources() {}

  /** The repository root: the first folder upwards that holds testkit/ and simulator/. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("testkit")) && Files.isDirectory(p.resolve("simulator"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new AssertionError(
        "No folder above " + Path.of("").toAbsolutePath() + " holds testkit/ and simulator/.");
  }

  /** Every main source file of every module of {@link Module}. */
  static List<File> all() {
    Path root = root();
    List<File> out = new ArrayList<>();
    for (Module m : Module.values()) {
      Path dir = root.resolve(m.folder()).resolve("src/main/java");
      if (!Files.isDirectory(dir)) {
        throw new AssertionError("Module " + m + " has no " + dir + ".");
      }
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          out.add(new File(p, m.folder(), withoutComments(Files.readString(p))));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * {@code java} with every comment replaced by spaces (line breaks kept); string, character and
   * text block literals are left as they are, so a {@code "//"} inside a string survives.
   */
  static String withoutComments(String java) {
    StringBuilder b = new StringBuilder(java.length());
    int i = 0;
    int n = java.length();
    while (i < n) {
      char c = java.charAt(i);
      if (java.startsWith("\"\"\"", i)) {
        int end = java.indexOf("\"\"\"", i + 3);
        while (end > 0 && java.charAt(end - 1) == '\\') {
          end = java.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? n : end + 3;
        b.append(java, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && java.charAt(j) != c) {
          j += java.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(n, j + 1);
        b.append(java, i, end);
        i = end;
      } else if (java.startsWith("//", i)) {
        int end = java.indexOf('\n', i);
        end = end < 0 ? n : end;
        b.append(" ".repeat(end - i));
        i = end;
      } else if (java.startsWith("/*", i)) {
        int end = java.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (int k = i; k < end; k++) {
          b.append(java.charAt(k) == '\n' ? '\n' : ' ');
        }
        i = end;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  /**
   * The top-level arguments of the call whose opening parenthesis is at {@code open}, trimmed; null
   * when the parentheses do not close.
   */
  static @Nullable List<String> arguments(String code, int open) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    int i = open;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        if (code.startsWith("\"\"\"", i)) {
          int end = code.indexOf("\"\"\"", i + 3);
          i = end < 0 ? code.length() : end + 3;
          continue;
        }
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != c) {
          j += code.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          String last = code.substring(start, i).trim();
          if (!last.isEmpty() || !args.isEmpty()) {
            args.add(last);
          }
          return args;
        }
      } else if (c == ',' && depth == 1) {
        args.add(code.substring(start, i).trim());
        start = i + 1;
      }
      i++;
    }
    return null;
  }

  /** The line of {@code index} in {@code file}, for messages. */
  static String where(File file, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (file.code().charAt(i) == '\n') {
        line++;
      }
    }
    return root().relativize(file.path()) + ":" + line;
  }
}
