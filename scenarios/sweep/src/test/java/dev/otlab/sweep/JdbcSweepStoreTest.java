package dev.otlab.sweep;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SQL sweep store on H2 (in memory, a fresh database per test), the dashboard's default
 * database; {@link JdbcSweepStoreIT} holds the same on PostgreSQL.
 */
class JdbcSweepStoreTest extends SweepStoreContract {

  private final String url = "jdbc:h2:mem:sweeps-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  String url() {
    return url;
  }

  @Test
  void aWrongPasswordIsToldWhenTheStoreOpens() {
    try (JdbcSweepStore s = direct()) {
      s.create("s1", PLAN);
    }
    assertThatThrownBy(() -> JdbcSweepStore.direct(url, "otlab", "wrong"))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo("SWEEP_DB_UNREACHABLE"));
  }
}
