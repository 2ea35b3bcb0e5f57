package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.plc.PointSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * OPC UA login with a user name and password, and optionally one write with that session ({@code
 * tag}, {@code value}). Succeeded when the server accepts the login (and the write); Failed when it
 * refuses the credentials; Blocked when a conduit refused the traffic.
 */
abstract class CredentialLogin extends AbstractTechnique {

  private final @Nullable String defaultUser;
  private final @Nullable String defaultPassword;

  CredentialLogin(String id, @Nullable String defaultUser, @Nullable String defaultPassword) {
    super(
        id,
        defaultUser == null ? Set.of("target", "username", "password") : Set.of("target"),
        defaultUser == null
            ? Set.of("tag", "value", "security")
            : Set.of("username", "password", "tag", "value", "security"));
    this.defaultUser = defaultUser;
    this.defaultPassword = defaultPassword;
  }

  @Override
  final void checkValues(Checks c) {
    checkCommon(c);
    checkWrite(c);
  }

  /** A write's checks: a tag of the targeted controller, with a value it takes. */
  static void checkWrite(Checks c) {
    Params p = c.params();
    var ctl = c.controller();
    String tag = p.get("tag");
    if (tag == null) {
      if (p.has("value")) {
        c.add("tag", "a value without a tag has nowhere to go", "Add tag: <tag> or drop value");
      }
      return;
    }
    if (ctl == null) {
      return;
    }
    PointSpec pt = c.point("tag", ctl, tag, true);
    if (pt == null) {
      return;
    }
    String value = p.get("value");
    if (value == null) {
      c.add("value", "a write to '" + tag + "' needs a value", "Add value: <value>");
    } else {
      c.writable("value", pt, value);
    }
  }

  @Override
  final StepOutcome run(AttackContext ctx, Params p) {
    String user = defaultUser == null ? p.required("username") : p.string("username", defaultUser);
    String password =
        defaultPassword == null ? p.required("password") : p.string("password", defaultPassword);
    return uaLogin(ctx, p, user, password);
  }

  /** Logs in to the target's OPC UA server as {@code user} and makes the step's write, if any. */
  static StepOutcome uaLogin(AttackContext ctx, Params p, String user, String password) {
    String target = p.required("target");
    String tag = p.get("tag");
    if (tag != null && !p.has("value")) {
      throw new Params.Bad("a write needs 'value' with 'tag'");
    }
    String plc = tag == null ? null : controllerId(ctx, target);
    String security = security(p);
    Access a = accessOrNull(ctx, target, Protocol.OPCUA);
    if (a == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no OPC UA server");
    }
    StepOutcome refused = uaPreflight(ctx, a, target);
    if (refused != null) {
      return refused;
    }
    Watch watch = new Watch(ctx, target);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("username", user);
    OpcUaClientSession s;
    try {
      s = openUa(ctx, a, ClientIdentity.user(user, password), security);
    } catch (OtlabException e) {
      return watch.blockedOr(
          a,
          new StepOutcome.Failed(
              "OPC UA login as '" + user + "' on " + target + " refused: " + describe(e)));
    }
    try (s) {
      f.put("securityMode", s.endpoint().getSecurityMode().toString());
      if (tag == null || plc == null) {
        return new StepOutcome.Succeeded(
            "logged in to OPC UA on " + target + " as '" + user + "'", f);
      }
      String raw = p.required("value");
      boolean isBool =
          point(ctx, target, tag)
              .map(pt -> pt.type() == dev.otlab.simulator.plc.DataType.BOOL)
              .orElse(Params.isBool(raw));
      Object value = isBool ? (Object) Params.bool("value", raw) : Params.decimal("value", raw);
      StatusCode sc = s.writeTag(plc, tag, value);
      if (!sc.isGood()) {
        return watch.blockedOr(
            a,
            new StepOutcome.Failed(
                "logged in as '"
                    + user
                    + "' but "
                    + target
                    + " refused writing "
                    + tag
                    + " with status "
                    + sc));
      }
      f.put("written", plc + "." + tag + "=" + raw);
      return new StepOutcome.Succeeded(
          "logged in to OPC UA on " + target + " as '" + user + "' and wrote " + tag + "=" + raw,
          f);
    } catch (OtlabException e) {
      return watch.blockedOr(
          a,
          new StepOutcome.Failed(
              "logged in as '"
                  + user
                  + "' but the write on "
                  + target
                  + " failed: "
                  + describe(e)));
    }
  }
}
