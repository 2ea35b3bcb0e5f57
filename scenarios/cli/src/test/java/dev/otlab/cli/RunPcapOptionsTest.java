package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otlab run --pcap}: a folder that cannot be written, or a limit that holds nothing, is
 * refused before the run spends its time, with bad-input status and what to do.
 */
class RunPcapOptionsTest {

  @TempDir Path dir;

  @Test
  void aPcapFolderThatCannotBeMadeIsRefusedBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    String target = file.resolve("pcap").toString();
    CheckCommandTest.Result r =
        CheckCommandTest.run(
            "run", "wt-recon", "--architecture", "water-treatment-flat", "--pcap", target);
    assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("[PCAP_DIR_NOT_WRITABLE]", target, "--pcap");
    // Nothing was played: the timeline's first line is not there.
    assertThat(r.out()).doesNotContain("scenario wt-recon");
  }

  @Test
  void aLimitOutsideOneMibToOneTibIsRefused() {
    for (String limit : new String[] {"0", "-5", "1048577"}) {
      CheckCommandTest.Result r =
          CheckCommandTest.run(
              "run",
              "wt-recon",
              "--architecture",
              "water-treatment-flat",
              "--pcap",
              dir.resolve("pcap").toString(),
              "--pcap-limit",
              limit);
      assertThat(r.status()).as(r.err()).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err()).contains("[CAPTURE_LIMIT_INVALID]", "--pcap-limit " + limit);
    }
  }
}
