package dev.otlab.attacks.techniques;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.OfflineContext;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every way {@link Login#decide} lets an attacker in or keeps it out. */
class LoginTest {

  private static HostSpec host(String id, Credentials c) {
    return new HostSpec(
        id,
        List.of("z"),
        HostRole.JUMP_HOST,
        null,
        new Posture(Set.of(RemoteService.RDP), c, Set.of(), false),
        "");
  }

  private static AccountSpec account(String id, Credentials c, boolean mfa, String... hosts) {
    return new AccountSpec(
        id, id + "-user", Set.of(Protocol.RDP), List.of(hosts), c, mfa, List.of(), "");
  }

  private static ArchitectureSpec arch(List<AccountSpec> accounts, HostSpec... hosts) {
    return new ArchitectureSpec(
        "t",
        "t",
        "",
        "p",
        List.of(new ZoneSpec("z", 3, 2, "")),
        List.of(hosts),
        List.<ConduitSpec>of(),
        new SensorSpec(Set.of(), Set.of()),
        Map.of(),
        accounts);
  }

  /** The decision's inputs only, on {@code ws}: architecture, wallet, live sessions. */
  private static AttackContext ctx(ArchitectureSpec a, Map<String, String> held, boolean live) {
    return OfflineContext.deciding("ws", a, held, live);
  }

  private static Map<String, String> held(String... ids) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String id : ids) {
      m.put(id, "phished");
    }
    return m;
  }

  @Test
  void aHeldAccountOpensAStrongHostAndNamesItsUser() {
    HostSpec jump = host("jump", Credentials.STRONG);
    ArchitectureSpec a =
        arch(List.of(account("office", Credentials.STRONG, false, "ws", "jump")), jump);
    Login in =
        Login.decide(
            ctx(a, held("office"), false), jump, Protocol.RDP, null, null, false, "administrator");
    assertThat(in)
        .isEqualTo(
            new Login.In(
                "office-user",
                "office",
                a.account("office").orElseThrow().password(),
                "held account office (phished)"));
    // Named explicitly it is the same log-in; without it nothing is guessed on a strong host.
    assertThat(
            Login.decide(
                ctx(a, held("office"), false),
                jump,
                Protocol.RDP,
                "office",
                null,
                false,
                "administrator"))
        .isInstanceOf(Login.In.class);
    Login out =
        Login.decide(ctx(a, held(), false), jump, Protocol.RDP, null, null, false, "administrator");
    assertThat(out).isInstanceOf(Login.Refused.class);
    assertThat(((Login.Refused) out).reason()).contains("strong credentials", "[office]");
    assertThat(out.user()).isEqualTo("administrator");
  }

  @Test
  void namedAccountsMustBeHeldKnownAndValidThere() {
    HostSpec jump = host("jump", Credentials.STRONG);
    ArchitectureSpec a = arch(List.of(account("office", Credentials.STRONG, false, "ws")), jump);
    assertThat(
            reason(
                Login.decide(
                    ctx(a, held(), false), jump, Protocol.RDP, "office", null, false, "x")))
        .contains("holds no account 'office'");
    assertThat(
            reason(
                Login.decide(
                    ctx(a, held("ghost"), false), jump, Protocol.RDP, "ghost", null, false, "x")))
        .contains("has no account 'ghost'");
    assertThat(
            reason(
                Login.decide(
                    ctx(a, held("office"), false), jump, Protocol.RDP, "office", null, false, "x")))
        .contains("does not log in to rdp on jump");
  }

  @Test
  void aSecondFactorStopsAStolenPasswordButNotAHijackedLiveSession() {
    HostSpec jump = host("jump", Credentials.STRONG);
    ArchitectureSpec a = arch(List.of(account("vendor", Credentials.STRONG, true, "jump")), jump);
    assertThat(
            reason(
                Login.decide(
                    ctx(a, held("vendor"), false), jump, Protocol.RDP, null, null, false, "x")))
        .contains("needs a second factor", "hijack: true");
    assertThat(
            reason(
                Login.decide(
                    ctx(a, held("vendor"), false), jump, Protocol.RDP, "vendor", null, true, "x")))
        .contains("no live rdp session to jump");
    Login hijacked =
        Login.decide(ctx(a, held("vendor"), true), jump, Protocol.RDP, "vendor", null, true, "x");
    assertThat(hijacked).isInstanceOf(Login.In.class);
    assertThat(((Login.In) hijacked).how()).contains("took over a live rdp session");
    // A live session alone is not enough without asking for the take-over.
    assertThat(
            Login.decide(ctx(a, held("vendor"), true), jump, Protocol.RDP, null, null, false, "x"))
        .isInstanceOf(Login.Refused.class);
  }

  @Test
  void guessablePasswordsFallWithoutTheft() {
    HostSpec jump = host("jump", Credentials.STRONG);
    ArchitectureSpec a = arch(List.of(account("svc", Credentials.DEFAULT, false, "jump")), jump);
    Login in = Login.decide(ctx(a, held(), false), jump, Protocol.RDP, null, null, false, "x");
    assertThat(in)
        .isEqualTo(
            new Login.In("svc-user", "svc", "svc-user", "guessed default password of account svc"));
    HostSpec weak = host("weak", Credentials.WEAK);
    Login local =
        Login.decide(
            ctx(arch(List.of(), weak), held(), false),
            weak,
            Protocol.RDP,
            null,
            "root",
            false,
            "x");
    assertThat(local)
        .isEqualTo(new Login.In("root", null, "root", "guessed weak password of a local account"));
    // A default account with a second factor is not guessable.
    ArchitectureSpec mfa = arch(List.of(account("svc", Credentials.DEFAULT, true, "jump")), jump);
    assertThat(Login.decide(ctx(mfa, held(), false), jump, Protocol.RDP, null, null, false, "x"))
        .isInstanceOf(Login.Refused.class);
  }

  @Test
  void aDisabledOrResetAccountOpensNothingAndSaysWhy() {
    HostSpec jump = host("jump", Credentials.STRONG);
    ArchitectureSpec a =
        arch(
            List.of(
                account("office", Credentials.STRONG, false, "jump"),
                account("svc", Credentials.DEFAULT, false, "jump")),
            jump);
    String reset = "the password of account office was reset at t=10 s by cli";
    // Named: the stale copy is refused with the defender's reason.
    assertThat(
            reason(
                Login.decide(
                    OfflineContext.deciding("ws", a, held("office"), false)
                        .responded("office", reset, false),
                    jump,
                    Protocol.RDP,
                    "office",
                    null,
                    false,
                    "x")))
        .isEqualTo(reset);
    // Not named: the stale copy is passed over, and the guessable account's reset password
    // cannot be guessed either; the refusal says what the defender changed.
    String disabled = "account svc was disabled at t=5 s by playbook:p";
    Login l =
        Login.decide(
            OfflineContext.deciding("ws", a, held("office"), false)
                .responded("office", reset, false)
                .responded("svc", disabled, true),
            jump,
            Protocol.RDP,
            null,
            null,
            false,
            "x");
    assertThat(reason(l)).contains(reset, disabled);
    // A copy the defender did not touch still opens the host.
    assertThat(
            Login.decide(
                OfflineContext.deciding("ws", a, held("office"), false)
                    .responded("svc", disabled, true),
                jump,
                Protocol.RDP,
                null,
                null,
                false,
                "x"))
        .isInstanceOf(Login.In.class);
  }

  private static String reason(Login l) {
    assertThat(l).isInstanceOf(Login.Refused.class);
    return ((Login.Refused) l).reason();
  }
}
