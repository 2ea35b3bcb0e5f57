package dev.otlab.cli;

import dev.otlab.containers.OwnFiles;
import dev.otlab.core.OtlabException;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.YamlEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The copies of the user's own files a container lab mounts ({@code otlab compose} with a plant,
 * architecture or scenario from outside the library). The containers name everything by id, so each
 * copy is named by its id, and a file it names by path (an architecture's or scenario's {@code
 * plant:}, a plant's FMU) is named by id, or by the copy's name, in the copy; the rest of each file
 * is copied as written. Files identical to the library's file of their id are left to the images.
 */
final class LabCopies {

  /** One copy: {@code kind/name} in the copies' folder, with its text or the file to copy. */
  private record Copy(String kind, String name, @Nullable String text, @Nullable Path file) {}

  private static final List<String> PLANT = List.of("plant");
  private static final List<String> FMU = List.of("process", "fmu", "file");

  private final String plantId;
  private final List<Copy> copies = new ArrayList<>();

  /**
   * @param plantId the lab's plant: what every copy's {@code plant:} names
   */
  LabCopies(String plantId) {
    this.plantId = plantId;
  }

  /**
   * Copies the lab's plant when it is not the library's: the file it was loaded from, with its FMU
   * beside it when it has one.
   */
  void plant() {
    if (Library.names("plants").contains(plantId)) {
      return;
    }
    // A plant outside the library was loaded from its file, which PlantLoader remembers by id.
    Path source =
        PlantLoader.file(plantId)
            .orElseThrow(
                () -> new IllegalStateException("plant " + plantId + " was loaded from no file"));
    String text = Library.read("plants", source.toString()).text();
    String fmu = YamlEdit.value(text, FMU);
    if (fmu != null) {
      Path parent = source.toAbsolutePath().getParent();
      Path fmuFile =
          Path.of(fmu).isAbsolute() || parent == null ? Path.of(fmu) : parent.resolve(fmu);
      String name = plantId + ".fmu";
      text = edited(text, FMU, name, source);
      copies.add(new Copy("plants", name, null, fmuFile.normalize()));
    }
    copies.add(new Copy("plants", plantId + ".yaml", text, null));
  }

  /**
   * Copies a library file the command line named: when it was named by path and differs from the
   * library's file of its id, naming its plant by id.
   */
  void file(String kind, String id, String given) {
    if (!Library.isPath(given)) {
      return;
    }
    String text = Library.read(kind, given).text();
    String plant = YamlEdit.value(text, PLANT);
    if (plant != null && Library.isPath(plant)) {
      text = edited(text, PLANT, plantId, Path.of(given));
    }
    if (Library.names(kind).contains(id) && Library.read(kind, id).text().equals(text)) {
      return;
    }
    copies.add(new Copy(kind, id + ".yaml", text, null));
  }

  boolean isEmpty() {
    return copies.isEmpty();
  }

  /** The copies as {@code kind/name}, for messages. */
  List<String> names() {
    return copies.stream().map(c -> c.kind() + "/" + c.name()).toList();
  }

  /**
   * Writes the copies into a folder beside the compose file ({@code NAME.library} for {@code
   * NAME.yml}), readable by the containers' own user whatever this process's umask.
   *
   * @throws OtlabException {@code COMPOSE_UNWRITABLE} when the folder or a copy cannot be written
   */
  OwnFiles write(Path composeFile, String command) {
    Path parent = composeFile.toAbsolutePath().getParent();
    String name = composeFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String folderName = (name.isEmpty() || name.startsWith(".") ? "lab" : name) + ".library";
    folderName = folderName.replaceAll("[^A-Za-z0-9_.-]", "_");
    Path folder = parent.resolve(folderName);
    for (Copy c : copies) {
      Path dir = folder.resolve(c.kind());
      Path target = dir.resolve(c.name());
      try {
        Files.createDirectories(dir);
        readable(folder, true);
        readable(dir, true);
        if (c.text() != null) {
          writeReadable(target, c.text());
        } else if (c.file() != null) {
          if (!Files.isRegularFile(c.file())) {
            throw new OtlabException(
                "FILE_NOT_FOUND",
                "No file " + c.file() + ", which the plant '" + plantId + "' names as its FMU.",
                "Check process.fmu.file in the plant file.");
          }
          Files.copy(c.file(), target, StandardCopyOption.REPLACE_EXISTING);
          readable(target, false);
        }
      } catch (IOException e) {
        throw unwritable(target, e);
      }
    }
    return new OwnFiles(folderName, names(), command);
  }

  /**
   * Writes a file of the lab, readable by everyone: the containers read it as a user of their own.
   *
   * @throws OtlabException {@code COMPOSE_UNWRITABLE} when it cannot be written
   */
  static void writeReadable(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      readable(file, false);
    } catch (IOException e) {
      throw unwritable(file, e);
    }
  }

  private static void readable(Path p, boolean folder) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString(folder ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  private static OtlabException unwritable(Path p, IOException e) {
    return new OtlabException(
        "COMPOSE_UNWRITABLE",
        "Cannot write " + p + ": " + e.getMessage(),
        "Write the lab into a folder you may write to (-o FILE).",
        e);
  }

  /**
   * {@code text} with the reference at {@code path} replaced.
   *
   * @throws OtlabException {@code COMPOSE_REFERENCE_UNEDITABLE} when it is not written on a line of
   *     its own
   */
  private static String edited(String text, List<String> path, String value, Path file) {
    Optional<String> out = YamlEdit.replace(text, path, value);
    return out.orElseThrow(
        () ->
            new OtlabException(
                "COMPOSE_REFERENCE_UNEDITABLE",
                file
                    + " names a file by path at "
                    + String.join(".", path)
                    + " in a way the lab's copy cannot rewrite to name it by id.",
                "Write '"
                    + path.get(path.size() - 1)
                    + ": PATH' on a line of its own (block style, not inside { }), then compose"
                    + " again."));
  }
}
