package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import java.util.Locale;
import java.util.Set;

/**
 * T0859 Valid Accounts: a log-in with an account the attacker holds. On OPC UA (the default {@code
 * service}) a real session with the account's user name and password, or with an explicit {@code
 * username} and {@code password}, optionally writing one {@code tag}; on a remote-access service
 * ({@code service: rdp}, ssh, vnc, smb, http, telnet) a pivot as {@link RemoteServices} makes it,
 * with the held account ({@code account}) or any held account the target accepts.
 */
public final class ValidAccounts extends AbstractTechnique {

  public ValidAccounts() {
    super(
        "T0859",
        Set.of("target"),
        Set.of(
            "username",
            "password",
            "account",
            "service",
            "user",
            "hijack",
            "port",
            "tag",
            "value",
            "security"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    String service = p.get("service");
    boolean ua = service == null || service.equalsIgnoreCase("opcua");
    if (ua) {
      boolean named = p.has("username") || p.has("password");
      if (named && !(p.has("username") && p.has("password"))) {
        String missing = p.has("username") ? "password" : "username";
        c.add(
            missing,
            "needs parameter '"
                + missing
                + "' with '"
                + (missing.equals("password") ? "username" : "password")
                + "'",
            "Give username and password together, or account: <account id> instead");
      }
      if (!named && !p.has("account")) {
        c.add(
            "account",
            "names no account to log in with",
            "Add account: <account id the attacker holds>, or username and password");
      }
      if (named && p.has("account")) {
        c.add(
            "account",
            "is given with username and password",
            "Log in either with a held account or with a user name and password");
      }
      if (p.has("port")) {
        c.add(
            "port",
            "does nothing on an OPC UA log-in",
            "Drop it; port chooses among a host's remote-access services (with service: rdp, ...)");
      }
      CredentialLogin.checkWrite(c);
    } else {
      Pivot.checkSession(c);
      for (String ignored : new String[] {"username", "password", "tag", "value"}) {
        if (p.has(ignored)) {
          c.add(
              ignored,
              "does nothing on a " + service + " session",
              "Drop it; a remote session logs in with account (or what the attacker holds)");
        }
      }
      c.roleTarget();
    }
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String service = p.string("service", "opcua").toLowerCase(Locale.ROOT);
    if (!service.equals("opcua")) {
      return Pivot.pivot(ctx, p, "log-in with a valid account");
    }
    if (p.has("username") || p.has("password")) {
      return CredentialLogin.uaLogin(ctx, p, p.required("username"), p.required("password"));
    }
    if (!p.has("account")) {
      throw new Params.Bad(
          "an OPC UA log-in needs parameter 'account' (an account the attacker holds) or"
              + " parameters 'username' and 'password'");
    }
    HostSpec to = host(ctx, p.required("target"));
    Login login =
        Login.decide(
            ctx, to, Protocol.OPCUA, p.required("account"), null, p.bool("hijack", false), "");
    if (login instanceof Login.Refused refused) {
      return new StepOutcome.Failed("OPC UA log-in on " + to.id() + ": " + refused.reason() + ".");
    }
    Login.In in = (Login.In) login;
    // The server checks the password for real: the lab's OPC UA servers know the architecture's
    // OPC UA accounts.
    return CredentialLogin.uaLogin(ctx, p, in.user(), in.password());
  }
}
