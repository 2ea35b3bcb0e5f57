package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.PlantLoader;
import dev.otlab.library.ResponseAction;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Protocol;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The responder's bookkeeping and refusals, decided from the specs before the lab is touched: the
 * lab here is built and never started, so nothing listens.
 */
class ResponderTest {

  private final PlantSpec plant = PlantLoader.load("water-treatment");
  private final ArchitectureSpec arch = ArchitectureLoader.load("water-treatment-purdue-dmz");
  private final LabClock clock = new LabClock(1, Speed.MAX);
  private final List<ResponseRecord> seen = new ArrayList<>();
  private final Responder desk =
      new Responder(
          clock,
          arch,
          plant,
          new Lab(plant, arch, clock, Path.of("unused"), java.util.Map.of(), d -> {}, e -> {}),
          new Accounts(),
          () -> null,
          seen::add);

  @Test
  void unknownNamesAreRefusedNamingWhatExists() {
    assertThat(desk.refusal(new ResponseAction.IsolateHost("nope")))
        .hasValueSatisfying(r -> assertThat(r).contains("no host 'nope'", "hmi-1", "plc-dosing"));
    assertThat(
            desk.refusal(
                new ResponseAction.TightenConduit("nope", ResponseAction.Tightening.CLOSED)))
        .hasValueSatisfying(r -> assertThat(r).contains("no conduit 'nope'", "ops-control"));
    assertThat(desk.refusal(new ResponseAction.DisableAccount("nope")))
        .hasValueSatisfying(r -> assertThat(r).contains("no account 'nope'", "eng-admin"));
    assertThat(desk.refusal(new ResponseAction.RestoreProgram("nope")))
        .hasValueSatisfying(r -> assertThat(r).contains("no controller 'nope'", "plc-intake"));
    assertThat(desk.refusal(new ResponseAction.OperatorAction(null, "raw_level", 1)))
        .hasValueSatisfying(r -> assertThat(r).contains("writable point 'raw_level'", "pump_on"));
    assertThat(desk.refusal(new ResponseAction.OperatorAction("historian", "pump_on", 1)))
        .hasValueSatisfying(r -> assertThat(r).contains("historian is not an HMI", "hmi-1"));
  }

  @Test
  void anAccountOnADesignThatDeclaresNoneIsRefusedSayingSoAndWhatToDoInstead() {
    ArchitectureSpec flat = ArchitectureLoader.load("water-treatment-flat");
    assertThat(flat.accounts()).isEmpty();
    Responder onFlat =
        new Responder(
            clock,
            flat,
            plant,
            new Lab(plant, flat, clock, Path.of("unused"), java.util.Map.of(), d -> {}, e -> {}),
            new Accounts(),
            () -> null,
            seen::add);
    assertThat(onFlat.refusal(new ResponseAction.ResetCredential("administrator")))
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("declares no accounts", "'administrator'", "isolate the host")
                    .doesNotContain("name one of"));
    assertThat(onFlat.refusal(new ResponseAction.DisableAccount("eng-admin")))
        .hasValueSatisfying(r -> assertThat(r).contains("declares no accounts"));
  }

  @Test
  void aStopThePlantDoesNotTolerateIsRefusedAndATolerableOneIsNot() {
    assertThat(
            desk.refusal(new ResponseAction.SafeState("plc-dosing", ResponseAction.SafeMode.STOP)))
        .hasValueSatisfying(r -> assertThat(r).contains("does not tolerate", "safe-state manual"));
    // By controller id or by the host that runs it.
    assertThat(
            desk.refusal(new ResponseAction.SafeState("plc-intake", ResponseAction.SafeMode.STOP)))
        .isEmpty();
    assertThat(
            desk.refusal(new ResponseAction.SafeState("sis-water", ResponseAction.SafeMode.STOP)))
        .isPresent();
    assertThat(
            desk.refusal(
                new ResponseAction.SafeState("plc-treatment", ResponseAction.SafeMode.MANUAL)))
        .isEmpty();
    assertThat(desk.refusal(new ResponseAction.ResetSis("plc-dosing")))
        .hasValueSatisfying(r -> assertThat(r).contains("not a safety controller", "sis-water"));
  }

  @Test
  void aFlowInsideOneZoneHasNoConduitToBlock() {
    assertThat(
            desk.refusal(new ResponseAction.BlockFlow("hmi-1", "historian", Protocol.MODBUS, null)))
        .hasValueSatisfying(r -> assertThat(r).contains("no conduit lies between", "isolate"));
    assertThat(
            desk.refusal(
                new ResponseAction.BlockFlow("hmi-1", "plc-dosing", Protocol.MODBUS, null)))
        .isEmpty();
  }

  @Test
  void aRefusalIsRecordedWithWhoWhyAndTime() {
    desk.carryOut(0, "user:ana", "saw a scan", new ResponseAction.IsolateHost("nope"));
    assertThat(seen).hasSize(1);
    ResponseRecord r = seen.get(0);
    assertThat(r.done()).isFalse();
    assertThat(r.who()).isEqualTo("user:ana");
    assertThat(r.why()).isEqualTo("saw a scan");
    assertThat(r.effects()).isEmpty();
    assertThat(desk.responses()).containsExactly(r);
  }

  @Test
  void whatIsStillPendingWhenTheRunEndsIsRecordedAsNotCarriedOut() {
    desk.act(new ResponseAction.IsolateHost("hmi-1"), "playbook:p", "slow", 600);
    clock.runUntil(10);
    assertThat(seen).isEmpty();
    desk.close();
    assertThat(seen)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.done()).isFalse();
              assertThat(r.result()).contains("ended at t=10 s", "due at t=600 s");
              assertThat(r.who()).isEqualTo("playbook:p");
            });
    assertThatThrownBy(() -> desk.act(new ResponseAction.IsolateHost("hmi-1"), "cli", "", 0))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "RUN_NOT_RUNNING");
  }

  @Test
  void aNegativeDelayOrNobodyActingIsAnError() {
    assertThatThrownBy(() -> desk.act(new ResponseAction.IsolateHost("hmi-1"), "cli", "", -1))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "RESPONSE_DELAY_INVALID");
    assertThatThrownBy(() -> desk.act(new ResponseAction.IsolateHost("hmi-1"), " ", "", 0))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "RESPONSE_WHO_MISSING");
  }

  @Test
  void accountsRefuseDisabledAndStaleCopiesAndTakeANewHarvest() {
    Accounts a = new Accounts();
    assertThat(a.refusal("eng-admin", 0)).isEmpty();
    assertThat(a.refusal("eng-admin", null)).isEmpty();
    assertThat(a.reset("eng-admin", 100, "playbook:p")).isEqualTo(1);
    assertThat(a.refusal("eng-admin", 0))
        .hasValueSatisfying(r -> assertThat(r).contains("reset at t=100 s", "copy opens nothing"));
    assertThat(a.refusal("eng-admin", null))
        .hasValueSatisfying(r -> assertThat(r).contains("no longer guessable"));
    // A copy harvested after the reset holds the new password.
    assertThat(a.refusal("eng-admin", 1)).isEmpty();
    assertThat(a.disable("office-user", 5, "user:ana")).isTrue();
    assertThat(a.disable("office-user", 6, "user:bob")).isFalse();
    assertThat(a.refusal("office-user", 0))
        .hasValueSatisfying(r -> assertThat(r).contains("disabled at t=5 s by user:ana"));
  }

  @Test
  void theWalletKeepsTheGenerationItsCopyWasTakenAt() {
    Accounts a = new Accounts();
    Wallet w = new Wallet(a);
    w.obtain("eng-admin", "phished");
    w.obtain("eng-admin", "harvested on jump-1");
    assertThat(w.held()).containsExactly(java.util.Map.entry("eng-admin", "phished"));
    assertThat(w.refusal("eng-admin", false)).isEmpty();
    a.reset("eng-admin", 60, "cli");
    assertThat(w.refusal("eng-admin", false))
        .hasValueSatisfying(r -> assertThat(r).contains("after the attacker's copy was obtained"));
    // A harvest after the reset takes the new password.
    w.obtain("eng-admin", "harvested on jump-1");
    assertThat(w.held()).containsEntry("eng-admin", "harvested on jump-1 after the reset");
    assertThat(w.refusal("eng-admin", false)).isEmpty();
    // A disabled account opens nothing, whatever copy.
    a.disable("eng-admin", 70, "cli");
    assertThat(w.refusal("eng-admin", false)).isPresent();
  }
}
