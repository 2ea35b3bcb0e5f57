package dev.otlab.containers;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The user's own library files in a container lab: copies written beside the compose file and
 * mounted read-only over their places in the images' library ({@value #LIBRARY}), so every
 * container names them by id as it names the library's. A file mounted where the library has one of
 * the same id is what the lab plays, as on the command line that wrote it.
 *
 * @param folder the copies' folder, relative to the compose file's
 * @param files the copies, each as {@code KIND/FILE} inside {@code folder} (for instance {@code
 *     plants/site-boiler.yaml})
 * @param command the command line that wrote the lab, for the file's header
 */
public record OwnFiles(String folder, List<String> files, String command) {

  /** Where the lab and dashboard images keep the library's data folders. */
  public static final String LIBRARY = "/opt/otlab/library";

  // Compose reads a volume as SOURCE:TARGET:MODE, so neither part may hold a colon, and a relative
  // source must start with ./ to be a bind mount rather than a named volume.
  private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern FILE =
      Pattern.compile("(plants|architectures|scenarios)/[A-Za-z0-9_-]+\\.(yaml|fmu)");

  public OwnFiles {
    if (!FOLDER.matcher(folder).matches() || folder.startsWith(".")) {
      throw new IllegalArgumentException(
          "the own files' folder '" + folder + "' is not one plain folder name");
    }
    files = List.copyOf(files);
    for (String f : files) {
      if (!FILE.matcher(f).matches()) {
        throw new IllegalArgumentException("'" + f + "' is not KIND/ID.yaml or plants/ID.fmu");
      }
    }
    if (command.contains("\n")) {
      throw new IllegalArgumentException("the command line must be one line");
    }
  }

  /** The volumes every container of the lab gets, as compose writes them. */
  List<String> volumes() {
    return files.stream()
        .map(f -> "./" + folder + "/" + f + ":" + LIBRARY + "/" + f + ":ro")
        .toList();
  }
}
