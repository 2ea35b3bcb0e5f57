package dev.otlab.dashboard.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.library.Problem;
import dev.otlab.library.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exercise's setup is checked whole, every problem named with its path. */
class ExerciseSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ExerciseSpec read(String json) throws Exception {
    return ExerciseSpec.fromJson(JSON.readTree(json));
  }

  @Test
  void theSmallestExerciseTakesItsDefaults() throws Exception {
    ExerciseSpec s =
        read(
            "{\"title\": \"Night shift\", \"architecture\": \"chemical-reactor-flat\","
                + " \"scenarios\": [\"cr-ews-program-download\"]}");
    assertThat(s.detection()).isEqualTo("full");
    assertThat(s.speed()).isEqualTo("1");
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.objectives()).containsExactly(ExerciseSpec.Objective.values());
    assertThat(s.mode()).isEqualTo(ExerciseSpec.Mode.INDIVIDUAL);
    assertThat(s.lab()).isEqualTo(ExerciseSpec.Lab.EMBEDDED);
    assertThat(s.scenario()).isEqualTo("cr-ews-program-download");
    // What is stored reads back the same.
    assertThat(ExerciseSpec.stored(s.toJson().toString())).isEqualTo(s);
  }

  @Test
  void theSeedPicksTheHiddenScenarioForEveryLab() throws Exception {
    String base =
        "{\"title\": \"t\", \"architecture\": \"a\", \"scenarios\": [\"s0\", \"s1\", \"s2\"],"
            + " \"seed\": ";
    assertThat(read(base + "4}").scenario()).isEqualTo("s1");
    assertThat(read(base + "6}").scenario()).isEqualTo("s0");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"title\": \"\", \"architecture\": \"../etc\", \"detection\": \"none\","
                        + " \"scenarios\": [], \"speed\": \"fast\", \"seed\": -1,"
                        + " \"objectives\": [\"win\"], \"hints\": [{\"text\": \"\", \"at\": -5},"
                        + " {\"at\": 3}], \"mode\": \"solo\", \"colour\": \"red\","
                        + " \"lab\": \"cloud\"}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("EXERCISE_INVALID");
              assertThat(e.problems())
                  .extracting(Problem::path)
                  .contains(
                      "colour",
                      "title",
                      "architecture",
                      "detection",
                      "scenarios",
                      "speed",
                      "seed",
                      "objectives[0]",
                      "hints[0].text",
                      "hints[0].at",
                      "hints[1]",
                      "mode",
                      "lab");
            });
  }

  @Test
  void aRecordBuiltInCodeIsHeldToTheSameRules() {
    assertThatThrownBy(
            () ->
                new ExerciseSpec(
                    "t",
                    "a",
                    "full",
                    List.of("s"),
                    "10",
                    1,
                    List.of(),
                    List.of(),
                    ExerciseSpec.Mode.SHARED,
                    ExerciseSpec.Lab.EMBEDDED))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("objectives");
    assertThat(
            new ExerciseSpec(
                    "t",
                    "a",
                    "signatures",
                    List.of("s"),
                    "max",
                    0,
                    List.of(ExerciseSpec.Objective.CONTAIN),
                    List.of(new ExerciseSpec.Hint("look at the EWS", 120.0)),
                    ExerciseSpec.Mode.SHARED,
                    ExerciseSpec.Lab.CONTAINERS)
                .toJson()
                .toString())
        .contains(
            "\"objectives\":[\"contain\"]",
            "\"mode\":\"shared\"",
            "\"at\":120.0",
            "\"lab\":\"containers\"");
  }

  @Test
  void theContainerLabPlaysOneSharedLab() throws Exception {
    String base =
        "{\"title\": \"t\", \"architecture\": \"a\", \"scenarios\": [\"s\"],"
            + " \"lab\": \"containers\"";
    ExerciseSpec shared = read(base + ", \"mode\": \"shared\"}");
    assertThat(shared.lab()).isEqualTo(ExerciseSpec.Lab.CONTAINERS);
    assertThat(ExerciseSpec.stored(shared.toJson().toString())).isEqualTo(shared);
    // Labs of their own would queue for the one container lab: refused, saying why and what to do.
    assertThatThrownBy(() -> read(base + "}"))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.path()).isEqualTo("mode");
                          assertThat(p.message()).contains("one lab at a time");
                          assertThat(p.fix()).contains("mode shared");
                        }));
    // An exercise stored before labs could be chosen plays embedded.
    assertThat(
            ExerciseSpec.stored(
                    "{\"title\": \"t\", \"architecture\": \"a\", \"scenarios\": [\"s\"]}")
                .lab())
        .isEqualTo(ExerciseSpec.Lab.EMBEDDED);
  }
}
