package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.Limits;
import dev.otlab.scoring.Evaluation;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of the command line that names a file refuses one over its size limit before reading
 * it, with bad-input status 2 and a message naming the limit: a 100 MB file took minutes and
 * gigabytes before the YAML parser gave up. The file is sparse, so the test writes nothing.
 */
class FileSizeLimitTest {

  @TempDir static Path dir;

  static String big;

  @BeforeAll
  static void bigFile() throws IOException {
    Path file = dir.resolve("big.yaml");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(100L * 1024 * 1024);
    }
    big = file.toString();
  }

  @Test
  void everyLibraryFileOptionRefusesAFileOverTheLimit() {
    List<List<String>> commands =
        List.of(
            List.of("check", big),
            List.of("check", big, "--json"),
            List.of("run", "wt-recon", "--architecture", big),
            List.of("run", big, "--architecture", "water-treatment-flat"),
            List.of(
                "run", "wt-recon", "--architecture", "water-treatment-flat", "--detection", big),
            List.of("evaluate", "--architecture", big),
            List.of("evaluate", "--architecture", "water-treatment-flat", "--suite", big),
            List.of("evaluate", "--architecture", "water-treatment-flat", "--detection", big),
            List.of("lab", "--architecture", big),
            List.of("lab", "--architecture", "water-treatment-flat", "--plant", big),
            List.of("compose", "--architecture", big),
            List.of("node", "--architecture", big, "--role", "plc", "--host", "plc-intake"),
            List.of("plant", big));
    for (List<String> args : commands) {
      CheckCommandTest.Result r = CheckCommandTest.run(args.toArray(String[]::new));
      assertThat(r.status()).as("%s: %s", args, r.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err())
          .as("%s", args)
          .contains("[FILE_TOO_LARGE]", big, "104857600 bytes", Integer.toString(Limits.MAX_BYTES));
      assertThat(r.out()).as("%s", args).isEmpty();
    }
  }

  @Test
  void compareRefusesAnEvaluationFileOverTheLimit() {
    CheckCommandTest.Result r = CheckCommandTest.run("compare", big, big);
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "[EVALUATION_TOO_LARGE]",
            big,
            "104857600 bytes",
            Integer.toString(Evaluation.MAX_FILE_BYTES));
    assertThat(r.out()).isEmpty();
  }
}
