package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.cli.CheckCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otlab sweep} on bad input: nothing plays, status 2, and the engines it knows. */
class SweepCommandTest {

  @TempDir Path dir;

  @Test
  void anUnknownEngineIsBadInputNamingTheKnownOnes() {
    Result r = CheckCommandTest.run("sweep", "wt-designs", "--engine", "no-such-engine");
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("no-such-engine", "embedded");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBrokenSweepIsBadInputWithItsPaths() throws Exception {
    Path sweep = dir.resolve("mine.yaml");
    Files.writeString(
        sweep, "id: mine\narchitectures: [water-treatment-flat]\nsuites: [no-such-suite]\n");
    Result r = CheckCommandTest.run("sweep", sweep.toString());
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("suites[0]", "no-such-suite");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void engineFactoriesAreFoundByName() {
    assertThat(SweepCommand.factories()).containsKey("embedded");
  }
}
