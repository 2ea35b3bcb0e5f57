package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads suite files ({@code scenarios/library/suites/NAME.yaml} or a path). Every scenario a suite
 * names is loaded and validated too, so a suite that loads can run: a broken scenario, an unknown
 * name or a duplicate is reported with the suite path of the entry, all at once.
 */
public final class SuiteLoader {

  private SuiteLoader() {}

  public static SuiteSpec load(String nameOrPath) {
    Library.Source src = Library.read("suites", nameOrPath);
    return parse(src.name(), src.text());
  }

  public static SuiteSpec parse(String name, String yaml) {
    return Reader.validate("SUITE_INVALID", "suite", name, yaml, SuiteLoader::read);
  }

  private static @Nullable SuiteSpec read(JsonNode root, Reader r) {
    if (!r.object(root)) {
      return null;
    }
    String id = r.text(root, "", "id", null);
    List<ScenarioSpec> scenarios = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    r.list(
        root,
        "",
        "scenarios",
        (n, path) -> {
          if (!n.isTextual() || n.asText().isBlank()) {
            return;
          }
          String name = n.asText();
          if (!seen.add(name)) {
            r.problem(path, "'" + name + "' is listed twice.", "List every scenario once.");
            return;
          }
          try {
            scenarios.add(ScenarioLoader.load(r.resolve(name)));
          } catch (ValidationException e) {
            e.problems()
                .forEach(
                    p ->
                        r.problem(
                            path + " (" + name + ": " + p.path() + ")", p.message(), p.fix()));
          } catch (OtlabException e) {
            r.problem(path, e.getMessage(), e.remedy());
          }
        });
    if (!r.problems().isEmpty()) {
      return null;
    }
    return new SuiteSpec(
        id, r.text(root, "", "title", id), r.text(root, "", "description", ""), scenarios);
  }
}
