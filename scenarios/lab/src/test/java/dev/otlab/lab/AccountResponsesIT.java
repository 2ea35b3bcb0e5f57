package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.operations.OperationRecord;
import dev.otlab.simulator.clock.Speed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded run of {@code wt-vendor-session-hijack} on {@code water-treatment-converged} (the
 * attacker on the vendor's laptop harvests the vendor account at 5 min and takes over the vendor's
 * live sessions at 12 min) defended at fixed times: the vendor account's password reset at 6 min
 * (after the harvest), the engineering account disabled at 8 min (before the maintenance window).
 */
class AccountResponsesIT {

  @TempDir static Path pki;

  static RunTrace trace;

  @BeforeAll
  static void play() {
    ResponseActionsIT.Script script =
        new ResponseActionsIT.Script(
            Map.of(
                360.0, new ResponseAction.ResetCredential("vendor"),
                480.0, new ResponseAction.DisableAccount("eng-admin")));
    trace =
        new ScenarioRun(
                ScenarioLoader.load("wt-vendor-session-hijack"),
                ArchitectureLoader.load("water-treatment-converged"),
                new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}))
            .defendedBy(script)
            .run();
  }

  private static String timeline() {
    return trace.steps().stream()
        .map(s -> s.step() + " " + s.outcome() + " " + s.detail())
        .collect(Collectors.joining("\n"));
  }

  private static RunTrace.StepRecord step(String id) {
    return trace.steps().stream().filter(s -> s.step().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void theCopyHarvestedBeforeTheResetOpensNothingAndTheObjectiveIsNotReached() {
    assertThat(step("harvest-laptop").outcome())
        .as(timeline())
        .isEqualTo(RunTrace.Outcome.SUCCEEDED);
    RunTrace.StepRecord hijack = step("hijack-jump");
    assertThat(hijack.outcome()).as(timeline()).isNotEqualTo(RunTrace.Outcome.SUCCEEDED);
    assertThat(hijack.detail())
        .contains("password of account vendor was reset at t=360 s", "copy opens nothing");
    assertThat(trace.outcome()).as(timeline()).isNotInstanceOf(RunOutcome.Reached.class);
  }

  @Test
  void theOwnersGoOnAfterTheResetAndADisabledAccountsSessionsAreDenied() {
    List<OperationRecord> vendor =
        trace.operations().stream()
            .filter(o -> o.operation().equals(OperationRecord.VENDOR_SESSION))
            .toList();
    assertThat(vendor)
        .as(vendor.toString())
        .filteredOn(o -> o.actor().equals("vendor-laptop"))
        .isNotEmpty()
        .allMatch(o -> o.outcome() instanceof OperationRecord.Outcome.Ok);
    assertThat(vendor)
        .as(vendor.toString())
        .filteredOn(o -> o.actor().equals("jump-1") && o.target().equals("eng-ws"))
        .isNotEmpty()
        .allSatisfy(
            o -> {
              assertThat(o.outcome()).isInstanceOf(OperationRecord.Outcome.Denied.class);
              assertThat(((OperationRecord.Outcome.Denied) o.outcome()).conduit())
                  .isEqualTo("account:eng-admin");
              assertThat(o.detail()).contains("disabled at t=480 s by playbook:script");
            });
    ResponseRecord disabled =
        trace.responses().stream()
            .filter(r -> r.action().kind().equals("disable-account"))
            .findFirst()
            .orElseThrow();
    assertThat(disabled.done()).isTrue();
    assertThat(disabled.effects())
        .anyMatch(e -> e.startsWith("vendor sessions from jump-1 that log in as OT\\engineer"));
    ResponseRecord reset =
        trace.responses().stream()
            .filter(r -> r.action().kind().equals("reset-credential"))
            .findFirst()
            .orElseThrow();
    assertThat(reset.effects()).anyMatch(e -> e.contains("saved on [vendor-laptop]"));
  }
}
