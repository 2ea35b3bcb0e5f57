package dev.otlab.dashboard.api;

import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.store.Uploads;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.SuiteLoader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The library the service offers: the shipped files plus what users uploaded. Uploads live in the
 * database; a copy under {@code DATA/library} is put first on the loaders' search path, so runs,
 * suites naming uploaded scenarios and the CLI's loaders all find them the same way.
 */
@ApplicationScoped
public class LibraryService {

  /** An API kind: its library folder and how to parse a file of it (returns the id). */
  public record Kind(String api, String folder, BiFunction<String, String, String> parse) {}

  static final Map<String, Kind> KINDS =
      Map.of(
          "architectures",
          new Kind("architectures", "architectures", (n, y) -> ArchitectureLoader.parse(n, y).id()),
          "detection-profiles",
          new Kind("detection-profiles", "detection", (n, y) -> DetectionLoader.parse(n, y).id()),
          "scenarios",
          new Kind("scenarios", "scenarios", (n, y) -> ScenarioLoader.parse(n, y).id()),
          "suites",
          new Kind("suites", "suites", (n, y) -> SuiteLoader.parse(n, y).id()));

  /** The largest library file taken: the biggest shipped one is about 20 KB. */
  static final int MAX_UPLOAD_CHARS = 256 * 1024;

  @Inject Uploads uploads;

  @ConfigProperty(name = "otlab.data")
  Path data;

  private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

  void onStart(@Observes StartupEvent ev) throws IOException {
    Path folder = data.resolve("library").toAbsolutePath();
    for (Uploads.Upload u : uploads.all()) {
      write(folder, KINDS.get(u.kind()).folder(), u.id(), u.body());
      uploaded.add(u.kind() + "/" + u.id());
    }
    String shipped = System.getProperty("otlab.library", "scenarios/library");
    if (!shipped.startsWith(folder.toString())) {
      System.setProperty("otlab.library", folder + File.pathSeparator + shipped);
    }
  }

  public Kind kind(String api) {
    Kind k = KINDS.get(api);
    if (k == null) {
      throw new ApiException(
          "LIBRARY_KIND_UNKNOWN",
          "There is no library kind '" + api + "'.",
          "Use one of " + KINDS.keySet() + ".");
    }
    return k;
  }

  public String source(Kind k, String id) {
    return uploaded.contains(k.api() + "/" + id) ? "uploaded" : "library";
  }

  /**
   * Validates and stores an uploaded file.
   *
   * @return the file's id
   * @throws OtlabException with every problem when the file is invalid; nothing is stored then
   */
  public synchronized String upload(Kind k, String yaml, String user) {
    if (yaml.length() > MAX_UPLOAD_CHARS) {
      throw new ApiException(
          "UPLOAD_TOO_LARGE",
          "The upload has " + yaml.length() + " characters; the limit is " + MAX_UPLOAD_CHARS + ".",
          "Library files are small: check that you sent the right file.");
    }
    if (yaml.isBlank()) {
      throw new ApiException(
          "UPLOAD_EMPTY",
          "The upload is empty.",
          "Send the YAML file as the request body (Content-Type application/yaml).");
    }
    String id = k.parse().apply("upload", yaml);
    if (!LibraryNames.valid(id)) {
      throw new ApiException(
          "UPLOAD_ID_INVALID",
          "The id '" + id + "' cannot name a library file.",
          "Give the file an id of letters, digits, '_' and '-' (at most 128).");
    }
    if (Library.names(k.folder()).contains(id)) {
      throw new ApiException(
          "UPLOAD_ID_TAKEN",
          "A " + k.api() + " file with id '" + id + "' exists already.",
          "Give your file another id; files are never replaced, so past runs stay explained.");
    }
    uploads.insert(new Uploads.Upload(k.api(), id, yaml, user, System.currentTimeMillis()));
    try {
      write(data.resolve("library").toAbsolutePath(), k.folder(), id, yaml);
    } catch (IOException e) {
      throw new OtlabException(
          "UPLOAD_UNWRITABLE",
          "Stored the file but cannot copy it to " + data + ": " + e.getMessage(),
          "Make the data folder writable and restart: the copy is rebuilt from the database.",
          e);
    }
    uploaded.add(k.api() + "/" + id);
    return id;
  }

  private static void write(Path library, String folder, String id, String yaml)
      throws IOException {
    Path dir = library.resolve(folder);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(id + ".yaml"), yaml);
  }
}
