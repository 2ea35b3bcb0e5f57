package dev.otlab.dashboard.jobs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.otlab.detection.DetectionProfile;
import dev.otlab.library.ScenarioSpec;
import dev.otlab.library.SuiteSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.Evaluation;
import dev.otlab.scoring.Scorecard;
import dev.otlab.scoring.Weights;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a rerun of an evaluation that did not finish reuses of its first go: the scorecards it
 * stored, by scenario. Runs are deterministic per seed (each has its own clock with seeded random
 * streams, and steps and benign operations take turns on its one thread), so a stored scorecard is
 * the one a replay would score, provided the inputs are the same: every evaluation stores a
 * fingerprint of its architecture, plant, scenarios, detection profile and seed, and a rerun reuses
 * nothing when its own differs (a library file was changed in between). Only evaluations of one
 * seed resume: one over several stores only its first seed's scorecards, so it plays again in full.
 *
 * @param from the job whose artifacts are reused
 * @param cards its stored scorecards, by scenario id
 */
record Resume(String from, Map<String, Scorecard> cards) {

  static final Resume NONE = new Resume("", Map.of());

  /** The artifact holding an evaluation's fingerprint of its inputs. */
  static final String INPUTS = "inputs.sha256";

  Resume {
    cards = Map.copyOf(cards);
  }

  /** What an evaluation stores for one scenario; a scenario is reused only when all are there. */
  static List<String> artifacts(String scenario) {
    return List.of(
        "scorecards/" + scenario + ".json", scenario + "/alerts.jsonl", scenario + "/alerts.cef");
  }

  private static final ObjectMapper CARDS =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A stored scorecard, or null when it does not read back to exactly what was stored (written by
   * another version): then its scenario is played again.
   */
  static @Nullable Scorecard card(String json) {
    try {
      JsonNode stored = CARDS.readTree(json);
      Scorecard c = CARDS.treeToValue(stored, Scorecard.class);
      // Both sides parsed from text: a tree built from values has other number node types.
      return CARDS.readTree(CARDS.writeValueAsString(c)).equals(stored) ? c : null;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return null;
    }
  }

  // Sorted keys and sets: a fingerprint must not depend on iteration orders, which for the
  // immutable collections change from one start of the service to the next.
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .addModule(new SimpleModule().addSerializer(new SortedSets()))
          .build();

  @SuppressWarnings("rawtypes")
  private static final class SortedSets extends StdSerializer<Set> {
    private static final long serialVersionUID = 1L;

    SortedSets() {
      super(Set.class);
    }

    @Override
    public void serialize(Set value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      List<String> items = new ArrayList<>();
      for (Object o : value) {
        items.add(CANONICAL.writeValueAsString(o));
      }
      items.sort(null);
      gen.writeStartArray();
      for (String item : items) {
        gen.writeRawValue(item);
      }
      gen.writeEndArray();
    }
  }

  /** The fingerprint of an evaluation's inputs, or null when they cannot be written down. */
  static @Nullable String fingerprint(
      ArchitectureSpec architecture,
      PlantSpec plant,
      List<ScenarioSpec> scenarios,
      @Nullable DetectionProfile profile,
      long seed,
      int seeds) {
    try {
      // One seed keeps the fingerprint jobs stored before evaluations played several.
      Object[] inputs =
          seeds == 1
              ? new Object[] {
                architecture, plant, scenarios, profile, seed, Weights.DEFAULT.toMap()
              }
              : new Object[] {
                architecture, plant, scenarios, profile, seed, Weights.DEFAULT.toMap(), seeds
              };
      String text = CANONICAL.writeValueAsString(inputs);
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (JsonProcessingException | NoSuchAlgorithmException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The evaluation a full play would have produced, from the reused scorecards and those played
   * now, in suite order; built as {@code Evaluator} builds it. Only the wall time differs.
   *
   * @param all the suite's scenarios for this architecture's plant, in suite order
   * @param played the evaluation of the scenarios not reused, or null when all were
   */
  static Evaluation evaluation(
      ArchitectureSpec arch,
      SuiteSpec suite,
      List<ScenarioSpec> all,
      long seed,
      @Nullable String profile,
      Map<String, Scorecard> reused,
      @Nullable Evaluation played,
      double wallSeconds) {
    List<Scorecard> cards = new ArrayList<>();
    for (ScenarioSpec s : all) {
      Scorecard c = reused.get(s.id());
      cards.add(c != null ? c : requirePlayed(played).scorecard(s.id()));
    }
    double longest = all.stream().mapToDouble(ScenarioSpec::durationSeconds).max().orElse(0);
    // The benign twin (as long as the longest scenario) and every scenario, as Evaluator counts.
    double simulated = longest + all.stream().mapToDouble(ScenarioSpec::durationSeconds).sum();
    return Evaluation.of(
        arch,
        suite,
        profile,
        Weights.DEFAULT,
        List.of(seed),
        List.of(cards),
        simulated,
        wallSeconds);
  }

  private static Evaluation requirePlayed(@Nullable Evaluation played) {
    if (played == null) {
      throw new IllegalStateException("a scenario was neither reused nor played");
    }
    return played;
  }
}
