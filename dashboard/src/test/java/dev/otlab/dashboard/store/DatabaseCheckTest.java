package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged H2 file is named, with what to do, instead of timing out in the pool. */
class DatabaseCheckTest {

  @Test
  void aDamagedFileIsRefusedWithItsPathAndWhatToDo(@TempDir Path dir) throws IOException {
    Path base = dir.resolve("otlab");
    String url = "jdbc:h2:file:" + base + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    // A real database first, then its file overwritten in the middle, as a disk error would.
    DatabaseCheck.probe(url, "otlab", "otlab");
    Path file = dir.resolve("otlab.mv.db");
    byte[] bytes = Files.readAllBytes(file);
    byte[] noise = new byte[bytes.length];
    new Random(1).nextBytes(noise);
    Files.write(file, noise);
    assertThatThrownBy(() -> DatabaseCheck.probe(url, "otlab", "otlab"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("damaged")
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              org.assertj.core.api.Assertions.assertThat(o.code()).isEqualTo("DATABASE_DAMAGED");
              org.assertj.core.api.Assertions.assertThat(o.remedy())
                  .contains("backup")
                  .contains("move it away");
            });
  }

  @Test
  void aHealthyOrNewFileIsOpened(@TempDir Path dir) {
    String url = "jdbc:h2:file:" + dir.resolve("fresh") + ";DB_CLOSE_ON_EXIT=FALSE";
    assertThatCode(() -> DatabaseCheck.probe(url, "otlab", "otlab")).doesNotThrowAnyException();
    assertThatCode(() -> DatabaseCheck.probe(url, "otlab", "otlab")).doesNotThrowAnyException();
  }
}
