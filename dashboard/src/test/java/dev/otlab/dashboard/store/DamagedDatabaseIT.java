package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service on a damaged H2 file stops at start and says which file and what to do,
 * instead of an "Acquisition timeout" from the connection pool.
 */
class DamagedDatabaseIT {

  @TempDir Path data;

  @Test
  void aDamagedDatabaseFileStopsTheStartNamingTheFileAndWhatToDo() throws Exception {
    try (ServiceProcess first = ServiceProcess.start("damaged-db-1-healthy", data, Map.of())) {
      assertThat(first.log()).isRegularFile();
    }
    Path file = data.resolve("db/otlab.mv.db");
    byte[] noise = new byte[(int) Files.size(file)];
    new Random(3).nextBytes(noise);
    Files.write(file, noise);

    Throwable t =
        catchThrowable(() -> ServiceProcess.start("damaged-db-2-damaged", data, Map.of()).close());
    assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("exited");
    String log =
        Files.readString(
            ServiceProcess.repoRoot().resolve("dashboard/target/it-logs/damaged-db-2-damaged.log"),
            StandardCharsets.UTF_8);
    assertThat(log)
        .contains("DATABASE_DAMAGED")
        .contains(file.toAbsolutePath().toString())
        .contains("from a backup")
        .contains("move it away")
        .doesNotContain("Acquisition timeout");
  }
}
