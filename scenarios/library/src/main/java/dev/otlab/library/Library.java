package dev.otlab.library;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds library files. A name such as {@code water-treatment} is looked up in the library folders
 * on disk ({@code -Dotlab.library}, or {@code scenarios/library} below the working directory) and
 * then inside the jar, so the CLI works from a checkout, from an installed jar and in a container;
 * a path to a file is read as it is. {@code otlab.library} may list several folders separated by
 * the platform's path separator: the first that has a name wins, which is how the dashboard puts
 * its users' uploads beside the shipped library.
 */
public final class Library {

  /** A file's text and where it came from (for messages). */
  public record Source(String name, String text) {}

  private Library() {}

  /** The library folders on disk, in lookup order. */
  public static List<Path> folders() {
    String p = System.getProperty("otlab.library");
    if (p != null && !p.isBlank()) {
      List<Path> out = new ArrayList<>();
      for (String part : p.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
        if (!part.isBlank()) {
          out.add(Path.of(part));
        }
      }
      return out;
    }
    return List.of(Path.of("scenarios", "library"));
  }

  /**
   * Whether a reference names a file rather than a library entry: it ends in {@code .yaml} or
   * {@code .yml}, or contains a {@code /}. Library names never do.
   */
  public static boolean isPath(String nameOrPath) {
    return nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/");
  }

  /** Reads {@code kind/name.yaml} from the library, or {@code nameOrPath} as a file. */
  public static Source read(String kind, String nameOrPath) {
    Path asPath = Path.of(nameOrPath);
    try {
      if (isPath(nameOrPath)) {
        if (!Files.isRegularFile(asPath)) {
          throw new OtlabException(
              "FILE_NOT_FOUND",
              "No file " + nameOrPath + ".",
              "Check the path, or give a library name: " + names(kind) + ".");
        }
        return new Source(nameOrPath, readFile(asPath));
      }
      for (Path folder : folders()) {
        Path inFolder = folder.resolve(kind).resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(inFolder)) {
          return new Source(inFolder.toString(), readFile(inFolder));
        }
      }
      try (InputStream in =
          Library.class.getResourceAsStream("/library/" + kind + "/" + nameOrPath + ".yaml")) {
        if (in != null) {
          String name = "library/" + kind + "/" + nameOrPath + ".yaml";
          return new Source(name, readBounded(in, name));
        }
      }
    } catch (IOException e) {
      throw new OtlabException(
          "FILE_UNREADABLE",
          "Cannot read " + nameOrPath + ": " + e.getMessage(),
          "Check the file's permissions.",
          e);
    }
    throw new OtlabException(
        "LIBRARY_NAME_UNKNOWN",
        "No " + kind.replaceAll("s$", "") + " named '" + nameOrPath + "'.",
        "Use one of " + names(kind) + ", or give a path to a .yaml file.");
  }

  /**
   * Reads a file only when it is within {@link Limits#MAX_BYTES}: its size is checked before a byte
   * is read, and the read itself stops past the limit in case the file grows meanwhile.
   */
  static String readFile(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Limits.MAX_BYTES) {
      throw tooLarge(file.toString(), Long.toString(size));
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readBounded(in, file.toString());
    }
  }

  /**
   * Reads at most {@link Limits#MAX_BYTES} and one byte more from {@code in}, so a huge stream is
   * refused after reading only up to the limit.
   *
   * @throws OtlabException {@code FILE_TOO_LARGE} when the stream is longer than the limit
   */
  public static String readBounded(InputStream in, String name) throws IOException {
    byte[] head = in.readNBytes(Limits.MAX_BYTES + 1);
    if (head.length > Limits.MAX_BYTES) {
      throw tooLarge(name, "more than " + Limits.MAX_BYTES);
    }
    return new String(head, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static OtlabException tooLarge(String name, String size) {
    return new OtlabException(
        "FILE_TOO_LARGE",
        name
            + " is too large: "
            + size
            + " bytes; the size limit of a library file is "
            + Limits.MAX_BYTES
            + " bytes (1 MiB).",
        "Library files are small (the largest shipped one is about 12 KB): check that this is the"
            + " right file.");
  }

  /** Names available in the library folder and the jar for a kind. */
  public static List<String> names(String kind) {
    TreeSet<String> out = new TreeSet<>();
    for (Path folder : folders()) {
      Path dir = folder.resolve(kind);
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .forEach(n -> out.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
          // An unreadable folder just lists nothing; reading a named file reports the real error.
        }
      }
    }
    try (InputStream in = Library.class.getResourceAsStream("/library/" + kind + "/index.txt")) {
      if (in != null) {
        for (String line :
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            out.add(line.trim());
          }
        }
      }
    } catch (IOException e) {
      // Same as above: listing is best effort.
    }
    return new ArrayList<>(out);
  }
}
