package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.process.Balance;
import dev.otlab.process.ModelParameters;
import dev.otlab.process.ProcessModelKind;
import dev.otlab.process.ProcessModels;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The library plants declare in their files the knowledge their Java model kinds describe: the same
 * production measure and mimic (equal records), and balances that predict the same rates on sample
 * values and hold over the same range. Also under other parameters, so that the declared sections
 * follow the plant's parameters as the Java descriptions do.
 */
class DeclaredKnowledgeTest {

  @ParameterizedTest
  @CsvSource({
    "water-treatment, '', ''",
    "water-treatment, 'process:\n', 'process:\n  parameters: {raw_area: 6.5}\n'",
    "chemical-reactor, '', ''",
    "chemical-reactor, 'process:\n', "
        + "'process:\n  parameters: {volume: 80.0, ua: 40000.0, feed_concentration: 1.2}\n'",
  })
  void theFileDeclaresWhatTheJavaKindDescribes(String plant, String from, String to)
      throws Exception {
    String text = Files.readString(Path.of("plants", plant + ".yaml"));
    if (!from.isEmpty()) {
      assertThat(text).contains(from);
      text = text.replace(from, to);
    }
    PlantSpec p = PlantLoader.parse(plant + ".yaml", text);
    // The overrides reach the plant (else both sides would be compared at their defaults).
    assertThat(p.parameters()).hasSize(from.isEmpty() ? 0 : to.split(",").length);
    assertThat(p.declaredKnowledge().production()).isNotNull();
    assertThat(p.declaredKnowledge().balances()).isNotEmpty();
    assertThat(p.declaredKnowledge().mimic()).isNotNull();

    ProcessModelKind kind = ProcessModels.kind(p.model());
    ModelParameters params = ProcessModels.resolve(p.model(), p.parameters());
    assertThat(p.knowledge().production()).isEqualTo(kind.production(params));
    assertThat(p.knowledge().mimic()).isEqualTo(kind.mimic(params));

    Map<String, Balance> declared = byName(p.knowledge().balances());
    Map<String, Balance> java = byName(kind.balances(params));
    assertThat(declared.keySet()).isEqualTo(java.keySet());
    Random random = new Random(21);
    for (Balance j : java.values()) {
      Balance d = declared.get(j.name());
      assertThat(d.measured()).isEqualTo(j.measured());
      assertThat(d.holdsAbove()).isEqualTo(j.holdsAbove());
      assertThat(d.holdsBelow()).isEqualTo(j.holdsBelow());
      assertThat(d.reads()).containsExactlyInAnyOrderElementsOf(j.reads());
      assertThat(d.sigma()).isPositive();
      for (int sample = 0; sample < 200; sample++) {
        Map<String, Double> values = sample(j.reads(), random);
        double want = rate(j, values);
        assertThat(rate(d, values))
            .as("%s at %s", j.name(), values)
            .isCloseTo(want, within(1e-12 * Math.max(1, Math.abs(want))));
      }
    }
  }

  /** Plausible reported values: levels, flows, temperatures, concentrations, 0/1 commands. */
  private static Map<String, Double> sample(List<String> tags, Random random) {
    return tags.stream()
        .collect(
            Collectors.toMap(
                Function.identity(),
                t ->
                    switch (t) {
                      case "reactor_temp", "coolant_temp_actual" -> 280 + 120 * random.nextDouble();
                      case "feed_valve", "coolant_pump" -> (double) random.nextInt(2);
                      case "concentration_a" -> random.nextDouble();
                      default -> 60 * random.nextDouble();
                    }));
  }

  private static double rate(Balance b, Map<String, Double> values) {
    double[] reads = b.reads().stream().mapToDouble(values::get).toArray();
    return b.rate().perSecond(reads);
  }

  private static Map<String, Balance> byName(List<Balance> balances) {
    return balances.stream().collect(Collectors.toMap(Balance::name, Function.identity()));
  }
}
