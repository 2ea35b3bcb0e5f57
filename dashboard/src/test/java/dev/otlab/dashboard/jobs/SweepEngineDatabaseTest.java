package dev.otlab.dashboard.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import org.junit.jupiter.api.Test;

/**
 * A sweep engine that plays units in other processes (Swarm tasks) needs the dashboard on
 * PostgreSQL: on its embedded H2 file the service refuses such a sweep with a code and the way out,
 * before it queues it; the embedded engine plays on either database.
 */
class SweepEngineDatabaseTest {

  @Test
  void theSwarmEngineOnH2IsRefusedWithTheRemedy() {
    assertThatThrownBy(() -> JobManager.requireSharedDatabase("swarm", "h2"))
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("SWEEP_ENGINE_NEEDS_POSTGRESQL");
              assertThat(e.getMessage()).contains("'swarm'", "H2");
              assertThat(e.remedy())
                  .contains("QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE=true", "otlab.sweeps.engine");
            });
    assertThatCode(() -> JobManager.requireSharedDatabase("swarm", "postgresql"))
        .doesNotThrowAnyException();
    assertThatCode(() -> JobManager.requireSharedDatabase("embedded", "h2"))
        .doesNotThrowAnyException();
  }
}
