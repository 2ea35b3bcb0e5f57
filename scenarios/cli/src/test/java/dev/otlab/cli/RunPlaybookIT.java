package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code otlab run --playbook}: the reactor's SIS bypass and loss of cooling on the flat design,
 * defended by cr-guard-sis; the responses follow the alerts in the timeline, and what the playbook
 * did lands in {@code --out} as {@code playbooks.json}.
 */
class RunPlaybookIT {

  @TempDir Path dir;

  @Test
  void printsTheResponsesWithWhyAndWritesWhatThePlaybookDid() throws Exception {
    Path out = dir.resolve("trace");
    CheckCommandTest.Result r =
        CheckCommandTest.run(
            "run",
            "cr-sis-bypass-loss-of-cooling",
            "--architecture",
            "chemical-reactor-flat",
            "--playbook",
            "cr-guard-sis",
            "--out",
            out.toString(),
            "--pki",
            dir.resolve("pki").toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern(
            "RESPONSE playbook:cr-guard-sis clear the bypasses and reset the trips of sis-reactor:"
                + " DONE \\(asked at t=\\d+\\.\\d s\\)")
        .contains("why: rule sis-tampered: alert rules/sis-command-writers T0880,T0837 from hmi-1")
        .containsPattern("responses: \\d+ \\(\\d+ done, 0 refused\\) from 1 playbook");
    // The responses come after the alerts that caused them and before the outcome.
    assertThat(r.out().indexOf("ALERT A-0001"))
        .isLessThan(r.out().indexOf("RESPONSE"))
        .isLessThan(r.out().indexOf("outcome "));

    JsonNode playbooks = new ObjectMapper().readTree(out.resolve("playbooks.json").toFile());
    assertThat(playbooks).hasSize(1);
    JsonNode p = playbooks.get(0);
    assertThat(p.get("id").asText()).isEqualTo("cr-guard-sis");
    List<String> kinds = new ArrayList<>();
    p.get("responses").forEach(n -> kinds.add(n.get("action").get("kind").asText()));
    assertThat(kinds).contains("reset-sis", "isolate-host");
    p.get("responses")
        .forEach(n -> assertThat(n.get("who").asText()).isEqualTo("playbook:cr-guard-sis"));
    List<String> rules = new ArrayList<>();
    p.get("firings").forEach(n -> rules.add(n.get("rule").asText()));
    assertThat(rules).contains("sis-tampered");
    assertThat(p.get("skipped").isArray()).isTrue();
  }
}
