package dev.otlab.cli;

import dev.otlab.library.Library;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A site of the user's own in a folder, laid out as a user keeps one ({@code plants/}, {@code
 * architectures/}, {@code scenarios/}): a library plant copied under a fresh id, and library
 * architectures and scenarios copied to name it, so a test plays files no library lookup finds.
 * What a file names by the library plant's id becomes the site's (the architecture ids in a
 * scenario's expected outcomes too), and its {@code plant:} becomes the reference the test asks
 * for.
 *
 * @param dir the site's folder
 * @param libraryPlant the library plant the site copies
 * @param id the site plant's id
 */
public record OwnSite(Path dir, String libraryPlant, String id) {

  /** Writes the plant into {@code plants/FILE}. */
  public Path plant(String file) throws IOException {
    return write(
        "plants",
        file,
        Library.read("plants", libraryPlant)
            .text()
            .replace("\nid: " + libraryPlant + "\n", "\nid: " + id + "\n"));
  }

  /**
   * Writes the library architecture {@code libraryId} into {@code architectures/FILE}, naming the
   * plant by {@code plantRef} (a path relative to the file, or the id); its id is the library's
   * with the site's plant id in place of the library plant's.
   */
  public Path architecture(String libraryId, String file, String plantRef) throws IOException {
    return write(
        "architectures", file, renamed(Library.read("architectures", libraryId).text(), plantRef));
  }

  /**
   * Writes the library scenario {@code libraryId} into {@code scenarios/FILE} under {@code newId}.
   */
  public Path scenario(String libraryId, String newId, String file, String plantRef)
      throws IOException {
    return write(
        "scenarios",
        file,
        renamed(Library.read("scenarios", libraryId).text(), plantRef)
            .replaceFirst("(?m)^id: " + libraryId + "$", "id: " + newId));
  }

  private String renamed(String text, String plantRef) {
    return text.replace("\nplant: " + libraryPlant + "\n", "\nplant: " + plantRef + "\n")
        .replace(libraryPlant + "-", id + "-");
  }

  private Path write(String kind, String file, String text) throws IOException {
    Path folder = Files.createDirectories(dir.resolve(kind));
    return Files.writeString(folder.resolve(file), text);
  }
}
