package dev.otlab.dashboard.api;

import dev.otlab.core.OtlabException;
import dev.otlab.dashboard.LibraryNames;
import dev.otlab.dashboard.store.Jobs;
import dev.otlab.dashboard.store.Uploads;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.Library;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.Reader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.library.SuiteLoader;
import dev.otlab.library.SweepLoader;
import dev.otlab.library.YamlEdit;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jspecify.annotations.Nullable;

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
          new Kind("suites", "suites", (n, y) -> SuiteLoader.parse(n, y).id()),
          "playbooks",
          new Kind("playbooks", "playbooks", (n, y) -> PlaybookLoader.parse(n, y).id()),
          "plants",
          new Kind("plants", "plants", (n, y) -> PlantLoader.parse(n, y).id()),
          "sweeps",
          new Kind("sweeps", "sweeps", (n, y) -> SweepLoader.parse(n, y).id()));

  /** The largest library file taken: the biggest shipped one is about 20 KB. */
  static final int MAX_UPLOAD_CHARS = 256 * 1024;

  @Inject Uploads uploads;
  @Inject Jobs jobs;

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
    yaml = plantById(yaml);
    refusePaths(yaml);
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

  /**
   * Deletes an uploaded file: from the database and its copy in the data folder. The uploader or an
   * admin may. Refused while something would break: a queued or running job that names it (it loads
   * its files when it starts), or a suite that lists an uploaded scenario (every suite is loaded
   * with its scenarios). Jobs that have ended keep their stored results; a rerun of one then says
   * the file is unknown.
   *
   * @return the deleted upload
   */
  public synchronized Uploads.Upload delete(Kind k, String id, String user, boolean admin) {
    Uploads.Upload u =
        (LibraryNames.valid(id)
                ? uploads.find(k.api(), id)
                : java.util.Optional.<Uploads.Upload>empty())
            .orElseThrow(
                () ->
                    new ApiException(
                        "NOT_FOUND",
                        "There is no uploaded " + k.api() + " file '" + id + "'.",
                        "Only uploaded files can be deleted; GET /api/library/"
                            + k.api()
                            + " shows each file's source."));
    if (!admin && !u.user().equals(user)) {
      throw new ApiException(
          "FORBIDDEN",
          "'" + id + "' was uploaded by " + u.user() + "; only they or an admin may delete it.",
          "Ask " + u.user() + " or an admin to delete it.");
    }
    String needer = null;
    for (Jobs.Job j : jobs.active()) {
      if (needs(j, k, id)) {
        needer = j.kind() + " " + j.id() + " (" + j.status().wire() + ")";
        break;
      }
    }
    if (needer != null) {
      throw new ApiException(
          "UPLOAD_IN_USE",
          "'" + id + "' is needed by the " + needer + ".",
          "Wait until it has ended or cancel it, then delete the file.");
    }
    if (k.api().equals("scenarios")) {
      for (String suite : Library.names("suites")) {
        if (suiteLists(suite, id)) {
          throw new ApiException(
              "UPLOAD_IN_USE",
              "The suite '" + suite + "' lists the scenario '" + id + "'.",
              "Delete that suite first (if it is an upload), then this scenario.");
        }
      }
    }
    uploads.delete(k.api(), id);
    uploaded.remove(k.api() + "/" + id);
    try {
      Files.deleteIfExists(
          data.resolve("library").toAbsolutePath().resolve(k.folder()).resolve(id + ".yaml"));
    } catch (IOException e) {
      throw new OtlabException(
          "UPLOAD_UNWRITABLE",
          "Deleted the file from the database but cannot remove its copy under "
              + data
              + ": "
              + e.getMessage(),
          "Make the data folder writable and restart: the copy is rebuilt from the database.",
          e);
    }
    return u;
  }

  /**
   * An upload's {@code plant:} given as a relative path to a plant file, as files beside each other
   * in a folder name it on the command line ({@code plant: ../plants/my-site.yaml}), is stored
   * naming the plant by its id: the file's name, which must be a plant of the library or uploaded
   * before. The service reads no path from its own disk; the rest of the file is stored as sent.
   *
   * @throws ApiException {@code UPLOAD_REFERENCE_PATH} when the path is absolute, names no plant
   *     the service has, or is not written on one line the service can rewrite
   */
  static String plantById(String yaml) {
    String ref = YamlEdit.value(yaml, List.of("plant"));
    if (ref == null || !Library.isPath(ref)) {
      return yaml;
    }
    String file = ref.substring(ref.lastIndexOf('/') + 1);
    String name = file.replaceFirst("\\.ya?ml$", "");
    java.util.Optional<String> edited =
        ref.startsWith("/") || !LibraryNames.valid(name) || !Library.names("plants").contains(name)
            ? java.util.Optional.empty()
            : YamlEdit.replace(yaml, List.of("plant"), name);
    return edited.orElseThrow(
        () ->
            new ApiException(
                "UPLOAD_REFERENCE_PATH",
                "The upload names the plant file '"
                    + ref
                    + "' by path, and '"
                    + name
                    + "' is no plant of the library or of the uploads.",
                "Upload the plant first; a relative path to it (plant: ../plants/"
                    + name
                    + ".yaml) or its id then names it."));
  }

  /**
   * Refuses an upload that names another file by path: the loaders would read it from the server's
   * disk, and an upload may only build on the library and other uploads, by name. A file the YAML
   * parser refuses is left to the loader, which says where it breaks.
   */
  private static void refusePaths(String yaml) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = Reader.yaml().readTree(yaml);
    } catch (IOException e) {
      return;
    }
    if (root == null || !root.isObject()) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode fmu = root.path("process").get("fmu");
    if (fmu != null) {
      // Opening an FMU loads its native library: an upload may not make the server load one
      // from its own disk.
      throw new ApiException(
          "UPLOAD_REFERENCE_PATH",
          "The upload names the FMU file '" + fmu.path("file").asText() + "' by path.",
          "Run a plant with an FMU from the command line (--plant FILE); uploaded plants declare"
              + " their process with equations or a built-in model.");
    }
    List<String> references = new java.util.ArrayList<>();
    com.fasterxml.jackson.databind.JsonNode plant = root.get("plant");
    if (plant != null && plant.isTextual()) {
      references.add(plant.asText());
    }
    com.fasterxml.jackson.databind.JsonNode scenarios = root.get("scenarios");
    if (scenarios != null && scenarios.isArray()) {
      scenarios.forEach(n -> references.add(n.asText()));
    }
    // A sweep names architectures, suites, detection profiles and playbook sets.
    for (String list : List.of("architectures", "suites", "detection", "defences")) {
      com.fasterxml.jackson.databind.JsonNode names = root.get(list);
      if (names != null && names.isArray()) {
        for (com.fasterxml.jackson.databind.JsonNode n : names) {
          if (n.isArray()) {
            n.forEach(b -> references.add(b.asText()));
          } else {
            references.add(n.asText());
          }
        }
      }
    }
    // A sweep's variants name their base architectures.
    com.fasterxml.jackson.databind.JsonNode variants = root.get("variants");
    if (variants != null && variants.isArray()) {
      variants.forEach(v -> references.add(v.path("base").asText()));
    }
    for (String r : references) {
      if (Library.isPath(r)) {
        throw new ApiException(
            "UPLOAD_REFERENCE_PATH",
            "The upload names the file '" + r + "' by path.",
            "Name it by its id instead, and upload it first if it is not in the library (plants,"
                + " scenarios and the rest upload alike).");
      }
    }
  }

  /** Whether a queued or running job loads the library file {@code id} of kind {@code k}. */
  private static boolean needs(Jobs.Job j, Kind k, String id) {
    if (j.kind().equals("sweep")) {
      // A sweep job loads its sweep file and everything it names when each unit plays.
      return k.api().equals("sweeps") ? j.subject().equals(id) : sweepNames(j.subject(), id);
    }
    boolean run = j.kind().equals("run");
    return switch (k.api()) {
      case "architectures" -> j.architecture().equals(id);
      case "detection-profiles" -> j.detection().equals(id);
      case "scenarios" -> run ? j.subject().equals(id) : suiteLists(j.subject(), id);
      case "suites" -> !run && j.subject().equals(id);
      case "sweeps" -> false;
      // A job's playbooks are loaded when it is submitted, and engines made of them then.
      case "playbooks" -> false;
      case "plants" -> id.equals(plantOf(j.architecture()));
      default -> false;
    };
  }

  /** The plant an architecture file names, read from its text, or null when it cannot be read. */
  private static @Nullable String plantOf(String architecture) {
    try {
      var tree = Reader.yaml().readTree(Library.read("architectures", architecture).text());
      var plant = tree == null ? null : tree.get("plant");
      return plant == null ? null : plant.asText();
    } catch (IOException | OtlabException e) {
      // An architecture that cannot be read cannot load its plant either.
      return null;
    }
  }

  /**
   * Whether the sweep file names {@code id} (an architecture, a variant's base, suite, profile or
   * playbook) or a suite it names lists it as a scenario, read from its text.
   */
  private static boolean sweepNames(String sweep, String id) {
    try {
      var tree = Reader.yaml().readTree(Library.read("sweeps", sweep).text());
      if (tree == null) {
        return false;
      }
      for (String list : List.of("architectures", "suites", "detection", "defences")) {
        for (var n : tree.path(list)) {
          if (id.equals(n.asText())) {
            return true;
          }
          for (var b : n) {
            if (id.equals(b.asText())) {
              return true;
            }
          }
        }
      }
      for (var v : tree.path("variants")) {
        if (id.equals(v.path("base").asText())) {
          return true;
        }
      }
      for (var s : tree.path("suites")) {
        if (suiteLists(s.asText(), id)) {
          return true;
        }
      }
      return false;
    } catch (IOException | OtlabException e) {
      // An unreadable sweep cannot be played anyway; deleting the file breaks nothing more.
      return false;
    }
  }

  /** Whether the suite file lists the scenario, read from its text (not loaded with them). */
  private static boolean suiteLists(String suite, String scenario) {
    try {
      var tree = Reader.yaml().readTree(Library.read("suites", suite).text());
      var list = tree == null ? null : tree.get("scenarios");
      if (list != null) {
        for (var n : list) {
          if (scenario.equals(n.asText())) {
            return true;
          }
        }
      }
      return false;
    } catch (IOException | OtlabException e) {
      // An unreadable suite cannot be loaded anyway; deleting the scenario breaks nothing more.
      return false;
    }
  }

  private static void write(Path library, String folder, String id, String yaml)
      throws IOException {
    Path dir = library.resolve(folder);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(id + ".yaml"), yaml);
  }
}
