package dev.otlab.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountSpecTest {

  private static AccountSpec account(List<String> hosts, List<String> savedOn) {
    return new AccountSpec(
        "vendor", "vendor", Set.of(Protocol.RDP), hosts, Credentials.STRONG, false, savedOn, "");
  }

  @Test
  void keptOnTheHostsItLogsInOnAndThoseItsPasswordIsSavedOn() {
    AccountSpec a = account(List.of("jump-1", "ews-1"), List.of("hist-1"));

    assertThat(a.keptOn("jump-1")).as("logs in there").isTrue();
    assertThat(a.keptOn("ews-1")).as("logs in there").isTrue();
    assertThat(a.keptOn("hist-1")).as("saved there").isTrue();
    assertThat(a.keptOn("plc-1")).as("neither").isFalse();
  }

  @Test
  void aPasswordSavedOnAHostItDoesNotLogInOnIsKeptThereAlone() {
    AccountSpec a = account(List.of("jump-1"), List.of("ews-1"));

    assertThat(a.keptOn("ews-1")).isTrue();
    assertThat(a.opens("ews-1", Protocol.RDP)).as("saved is not accepted").isFalse();
    assertThat(account(List.of("jump-1"), List.of()).keptOn("ews-1")).isFalse();
  }
}
