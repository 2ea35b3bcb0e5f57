package dev.otlab.scoring.arch;

import static dev.otlab.scoring.arch.Specs.allow;
import static dev.otlab.scoring.arch.Specs.modbus;
import static dev.otlab.scoring.arch.Specs.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttackPathsTest {

  /** Enterprise -> DMZ jump host -> operations engineering workstation -> control PLC. */
  static Specs chain(Credentials jump, Credentials eng) {
    return new Specs()
        .zone("ent", 4, 1)
        .zone("dmz", 3.5, 2)
        .zone("ops", 3, 2)
        .zone("control", 1, 2)
        .host("ws", HostRole.WORKSTATION, "ent")
        .host("jump", HostRole.JUMP_HOST, remote(jump, RemoteService.RDP), "dmz")
        .host("eng", HostRole.ENGINEERING_WS, remote(eng, RemoteService.RDP), "ops")
        .host("plc", HostRole.PLC, "control")
        .conduit("ent-dmz", "ent", "dmz", allow("rdp", "host:ws", "host:jump", Protocol.RDP))
        .conduit("dmz-ops", "dmz", "ops", allow("rdp", "host:jump", "host:eng", Protocol.RDP))
        .conduit(
            "ops-control",
            "ops",
            "control",
            modbus("eng", "host:eng", "host:plc", Set.of(3, 6), List.of()))
        .entry("internet", "ws");
  }

  static AttackPath path(ArchitectureSpec s, String origin, String target) {
    return AttackPaths.compute(new Reachability(s)).stream()
        .filter(p -> p.origin().equals(origin) && p.target().equals(target))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void pivotsThroughHostsWithWeakCredentials() {
    AttackPath p = path(chain(Credentials.DEFAULT, Credentials.WEAK).build(), "ent", "plc");
    assertThat(p.reachable()).isTrue();
    assertThat(p.entryPoints()).containsExactly("internet");
    assertThat(p.steps()).extracting(AttackPaths.Step::to).containsExactly("jump", "eng", "plc");
    assertThat(p.steps()).extracting(AttackPaths.Step::pivot).containsExactly(true, true, false);
    assertThat(p.hops()).isEqualTo(3);
    assertThat(p.filteredRules()).isEqualTo(1);
    assertThat(p.writeCapable()).isTrue();
    // From the DMZ the jump host is already held.
    assertThat(path(chain(Credentials.DEFAULT, Credentials.WEAK).build(), "dmz", "plc").hops())
        .isEqualTo(2);
  }

  @Test
  void sharedAndSavedAccountsCarryThePathPastStrongCredentials() {
    // Strong host credentials everywhere: without accounts there is no path (as below). The office
    // user's account also opens the jump host, and the jump host keeps the engineer's saved
    // session to the engineering workstation.
    ArchitectureSpec reused =
        chain(Credentials.STRONG, Credentials.STRONG)
            .account(
                "office-user",
                Credentials.STRONG,
                false,
                Set.of(Protocol.RDP),
                List.of("ws", "jump"),
                List.of())
            .account(
                "eng-admin",
                Credentials.STRONG,
                false,
                Set.of(Protocol.RDP),
                List.of("eng"),
                List.of("jump"))
            .build();
    AttackPath p = path(reused, "ent", "plc");
    assertThat(p.reachable()).isTrue();
    assertThat(p.steps()).extracting(AttackPaths.Step::to).containsExactly("jump", "eng", "plc");
    assertThat(p.steps())
        .extracting(AttackPaths.Step::account)
        .containsExactly("office-user", "eng-admin", null);
    assertThat(p.steps()).extracting(AttackPaths.Step::takenOn).containsExactly("ws", "jump", null);
    List<Finding> reuse = ArchitectureChecks.credentialReuse(reused);
    assertThat(reuse).extracting(Finding::id).containsOnly("credential-reuse");
    // office-user crosses enterprise -> DMZ (level 3.5: medium); eng-admin, saved in the DMZ,
    // opens operations (level 3: high).
    assertThat(reuse)
        .extracting(f -> f.elements().get(0) + " " + f.severity())
        .containsExactly("account:office-user MEDIUM", "account:eng-admin HIGH");
    assertThat(reuse.get(1).message()).contains("saved on jump", "logs in to eng");
    assertThat(reuse.get(1).fix()).contains("mfa: true on account eng-admin");
  }

  @Test
  void aSecondFactorStopsReuseAndAGuessablePasswordNeedsNoTheft() {
    ArchitectureSpec mfa =
        chain(Credentials.STRONG, Credentials.STRONG)
            .account(
                "office-user",
                Credentials.STRONG,
                true,
                Set.of(Protocol.RDP),
                List.of("ws", "jump"),
                List.of())
            .build();
    assertThat(path(mfa, "ent", "plc").reachable()).isFalse();
    assertThat(ArchitectureChecks.credentialReuse(mfa))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.LOW);
              assertThat(f.message()).contains("second factor", "ride the live session");
            });
    // A default password on an account of the jump host falls to guessing: no account taken.
    ArchitectureSpec guessable =
        chain(Credentials.STRONG, Credentials.WEAK)
            .account(
                "svc", Credentials.DEFAULT, false, Set.of(Protocol.RDP), List.of("jump"), List.of())
            .build();
    AttackPath p = path(guessable, "ent", "plc");
    assertThat(p.reachable()).isTrue();
    assertThat(p.steps()).extracting(AttackPaths.Step::account).containsOnlyNulls();
  }

  @Test
  void strongCredentialsStopThePath() {
    assertThat(path(chain(Credentials.STRONG, Credentials.WEAK).build(), "ent", "plc").reachable())
        .isFalse();
    assertThat(
            path(chain(Credentials.DEFAULT, Credentials.STRONG).build(), "ent", "plc").reachable())
        .isFalse();
    assertThat(path(chain(Credentials.DEFAULT, Credentials.STRONG).build(), "ent", "plc").steps())
        .isEmpty();
  }

  @Test
  void fewerHopsWinThenWeakerControls() {
    // A direct, unfiltered enterprise -> control line beats the three-hop chain.
    ArchitectureSpec direct =
        chain(Credentials.DEFAULT, Credentials.WEAK)
            .conduit(
                "ent-control",
                "ent",
                "control",
                allow("ws", "host:ws", "host:plc", Protocol.MODBUS))
            .build();
    AttackPath p = path(direct, "ent", "plc");
    assertThat(p.hops()).isEqualTo(1);
    assertThat(p.steps())
        .singleElement()
        .satisfies(s -> assertThat(s.route().hops().get(0).conduit()).isEqualTo("ent-control"));
    // Two one-hop routes: the one without DPI filtering is the weaker control, so it is chosen.
    ArchitectureSpec two =
        chain(Credentials.DEFAULT, Credentials.WEAK)
            .conduit(
                "ent-control",
                "ent",
                "control",
                modbus("f", "host:ws", "host:plc", Set.of(3), List.of()))
            .conduit(
                "ent-control2",
                "ent",
                "control",
                allow("u", "host:ws", "host:plc", Protocol.MODBUS))
            .build();
    AttackPath q = path(two, "ent", "plc");
    assertThat(q.filteredRules()).isZero();
    assertThat(q.steps().get(0).route().hops().get(0).conduit()).isEqualTo("ent-control2");
  }

  @Test
  void originsAreEnterpriseDmzRemoteAndEntryPointZones() {
    ArchitectureSpec s =
        chain(Credentials.STRONG, Credentials.STRONG)
            .zone("vendor", 3, 1)
            .host("laptop", HostRole.VENDOR_REMOTE, "vendor")
            .entry("control-insider", "eng")
            .build();
    assertThat(AttackPaths.lowerTrustZones(s))
        .containsExactlyInAnyOrder("ent", "dmz", "vendor", "ops");
    // An origin that holds a host in the target's own zone needs no conduit at all.
    ArchitectureSpec insider =
        chain(Credentials.STRONG, Credentials.STRONG)
            .host("hmi", HostRole.HMI, "control")
            .entry("control-insider", "hmi")
            .build();
    AttackPath p = path(insider, "control", "plc");
    assertThat(p.hops()).isZero();
    assertThat(p.writeCapable()).isTrue();
  }
}
