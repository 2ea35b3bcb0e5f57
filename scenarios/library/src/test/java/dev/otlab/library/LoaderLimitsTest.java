package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.otlab.core.OtlabException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files around each of the loaders' {@link Limits}: just inside a limit a file is judged
 * on its content, just beyond it every loader refuses it with a message that names the limit (and
 * never asks to fix the YAML syntax). The generators are seeded, so a failure repeats.
 */
class LoaderLimitsTest {

  private static final Map<String, BiFunction<String, String, ?>> LOADERS =
      Map.of(
          "plant", PlantLoader::parse,
          "architecture", ArchitectureLoader::parse,
          "detection", DetectionLoader::parse,
          "scenario", ScenarioLoader::parse,
          "suite", SuiteLoader::parse);

  private static final String BASE = "id: limits\ntitle: near a limit\n";

  @Test
  void aFileAtTheSizeLimitIsReadAndOneCharacterMoreIsRefusedForItsSize() {
    Random random = new Random(7);
    for (int round = 0; round < 4; round++) {
      for (int delta = -2; delta <= 2; delta++) {
        String yaml = padded(BASE, Limits.MAX_BYTES + delta, random);
        assertThat(yaml).hasSize(Limits.MAX_BYTES + delta);
        expect(yaml, delta > 0, "size limit", Integer.toString(Limits.MAX_BYTES));
      }
    }
  }

  @Test
  void nestingAtTheDepthLimitIsReadAndOneLevelDeeperIsRefused() {
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      for (int delta = -2; delta <= 2; delta++) {
        // The root mapping is the first level.
        String yaml = BASE + "extra:" + nested(Limits.MAX_DEPTH - 1 + delta, random);
        expect(yaml, delta > 0, "nesting limit", Integer.toString(Limits.MAX_DEPTH));
      }
    }
  }

  @Test
  void aliasesUpToTheLimitAreReadAndOneMoreIsRefused() {
    Random random = new Random(13);
    for (int round = 0; round < 10; round++) {
      for (int delta = -2; delta <= 2; delta++) {
        expect(aliases(Limits.MAX_ALIASES + delta, random), delta > 0, "alias limit", "50");
      }
    }
  }

  @Test
  void aBillionLaughsFileIsRefusedForItsAliases() {
    StringBuilder y = new StringBuilder(BASE).append("a: &a [lol, lol, lol, lol, lol]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      y.append("]\n");
      prev = c;
    }
    expect(y.toString(), true, "alias limit", "50");
  }

  @Test
  void aHundredMegabyteFileIsRefusedForItsSizeBeforeItIsParsed(@TempDir Path dir)
      throws IOException {
    Path big = dir.resolve("huge.yaml");
    try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
      w.write(BASE + "steps:\n");
      String line = "  - {id: s, technique: T0888, trigger: {at: 60s}}\n";
      for (long written = 0; written < 100L * 1024 * 1024; written += line.length()) {
        w.write(line);
      }
    }
    assertThat(Files.size(big)).isGreaterThan(100L * 1024 * 1024);
    for (var load :
        Map.<String, java.util.function.Function<String, ?>>of(
                "scenario", ScenarioLoader::load,
                "plant", PlantLoader::load,
                "suite", SuiteLoader::load)
            .entrySet()) {
      assertThatThrownBy(() -> load.getValue().apply(big.toString()))
          .as(load.getKey())
          .isInstanceOf(OtlabException.class)
          .hasMessageContaining("too large")
          .hasMessageContaining("size limit")
          .hasMessageContaining(Integer.toString(Limits.MAX_BYTES))
          .satisfies(e -> assertThat(((OtlabException) e).code()).isEqualTo("FILE_TOO_LARGE"));
    }
  }

  @Test
  void aHugeStreamIsReadOnlyUpToTheLimit() {
    long[] read = {0};
    long size = 100L * 1024 * 1024;
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            if (read[0] >= size) {
              return -1;
            }
            read[0]++;
            return 'x';
          }
        };
    Throwable t = catchThrowable(() -> Library.readBounded(endless, "stream"));
    assertThat(t).isInstanceOf(OtlabException.class).hasMessageContaining("too large");
    assertThat(read[0]).isEqualTo(Limits.MAX_BYTES + 1L);
  }

  @Test
  void aFileAtTheSizeLimitIsRead(@TempDir Path dir) throws IOException {
    Path edge = dir.resolve("edge.yaml");
    Files.writeString(edge, padded(BASE, Limits.MAX_BYTES, new Random(3)));
    Throwable t = catchThrowable(() -> ScenarioLoader.load(edge.toString()));
    // Read and judged on its content (a scenario without plant or steps), not refused for size.
    assertThat(t).isInstanceOf(ValidationException.class).hasMessageNotContaining("limit");
    Files.writeString(edge, "x", java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ScenarioLoader.load(edge.toString()))
        .hasMessageContaining("size limit");
  }

  /** Every loader either refuses {@code yaml} for the limit or judges it on its content. */
  private static void expect(String yaml, boolean beyond, String limit, String value) {
    for (var loader : LOADERS.entrySet()) {
      Throwable t = catchThrowable(() -> loader.getValue().apply("gen.yaml", yaml));
      if (beyond) {
        assertThat(t)
            .as(loader.getKey() + " beyond the " + limit)
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining(limit)
            .hasMessageContaining(value)
            .hasMessageNotContaining("YAML syntax");
        assertThat(((ValidationException) t).problems()).hasSize(1);
      } else {
        // Inside the limit the file is judged on its content: invalid, but not for the limit.
        assertThat(t).as(loader.getKey() + " inside the " + limit).isNotNull();
        assertThat(t.getMessage()).as(loader.getKey()).doesNotContain("limit");
      }
    }
  }

  /** {@code base} plus comment lines of random length up to exactly {@code size} characters. */
  private static String padded(String base, int size, Random random) {
    StringBuilder y = new StringBuilder(size).append(base);
    while (y.length() < size) {
      int room = size - y.length();
      int line = Math.min(room, 1 + random.nextInt(200));
      if (line == 1) {
        y.append('\n');
      } else {
        y.append('#').append("x".repeat(line - 2)).append('\n');
      }
    }
    return y.toString();
  }

  /** A value nested {@code levels} deep, each level a flow list, flow mapping or block mapping. */
  private static String nested(int levels, Random random) {
    StringBuilder y = new StringBuilder();
    StringBuilder close = new StringBuilder();
    boolean flow = false;
    String indent = "";
    for (int i = 0; i < levels; i++) {
      int style = flow ? random.nextInt(2) : random.nextInt(3);
      if (style == 0) {
        y.append(" [");
        close.insert(0, ']');
        flow = true;
      } else if (style == 1) {
        y.append(" {k").append(i).append(':');
        close.insert(0, '}');
        flow = true;
      } else {
        indent += "  ";
        y.append('\n').append(indent).append('k').append(i).append(':');
      }
    }
    y.append(" leaf").append(close).append('\n');
    return y.toString();
  }

  /** A file with {@code count} alias references, in a list, a mapping or spread over fields. */
  private static String aliases(int count, Random random) {
    StringBuilder y = new StringBuilder(BASE).append("anchor: &a [1, 2]\n");
    int style = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      switch (style) {
        case 0 -> y.append(i == 0 ? "refs: [" : ", ").append("*a");
        case 1 -> y.append(i == 0 ? "refs: {" : ", ").append("r").append(i).append(": *a");
        default -> y.append("ref").append(i).append(": *a\n");
      }
    }
    if (count > 0 && style == 0) {
      y.append("]\n");
    } else if (count > 0 && style == 1) {
      y.append("}\n");
    }
    return y.toString();
  }
}
