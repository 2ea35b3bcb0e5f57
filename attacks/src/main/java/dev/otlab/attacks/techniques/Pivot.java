package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.Guardrail;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.NetworkFabric;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.ConduitMatcher;
import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.HostRef;
import dev.otlab.network.remote.RemoteSessionClient;
import dev.otlab.network.remote.RemoteWire;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A pivot over a remote-access service ({@code service}: rdp, ssh, vnc, telnet, smb, http, https,
 * vendor; on {@code port} when the target offers the service on several, else on its lowest) to
 * {@code target}, as the account {@code user} (default {@code administrator}). The session is real
 * traffic: the current host connects to the target's service through the relays on the path and the
 * two sides exchange the protocol's opening ({@link RemoteSessionClient}), which the relays judge
 * and their taps report (an RDP cookie names the user, SSH its client). The lab's servers
 * authenticate nobody, so whether the log-in works is the attacker model's call: it fails on strong
 * credentials and succeeds on weak or default ones. On success the attacker moves to the target and
 * types its first command on the session at a human's pace, paced by the lab clock ({@link
 * AttackContext#later}, {@link RemoteWire#keystrokes}); everything after that is real traffic from
 * there.
 *
 * <p>Both labs run the servers (the embedded lab on loopback, the container lab in each host's
 * container). A network that runs none for the service leaves the pivot modelled: the relays' rule
 * matcher judges each conduit on the zone path the network would route over, and no packet is sent
 * for the pivot itself.
 */
abstract class Pivot extends AbstractTechnique {

  /** The account a pivot asks for when the step names none. */
  static final String DEFAULT_USER = "administrator";

  Pivot(String id) {
    super(id, Set.of("target", "service"), Set.of("user", "account", "hijack", "port"));
  }

  abstract String how();

  @Override
  final void checkValues(Checks c) {
    checkSession(c);
    c.roleTarget();
  }

  /** The checks of a session's parameters: service, user, account, hijack. */
  static void checkSession(Checks c) {
    String service = c.params().get("service");
    if (service != null) {
      try {
        RemoteService.valueOf(service.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        c.add(
            "service",
            "'" + service + "' is not a remote service",
            "Use one of rdp, ssh, vnc, telnet, smb, http, https, vendor");
      }
    }
    String user = c.params().get("user");
    if (user != null && !user.matches(ACCOUNT_NAME)) {
      c.add(
          "user",
          "'" + user + "' is not an account name",
          "Use letters, digits and . _ - @ \\ (at most 64), e.g. administrator or CORP\\jdoe");
    }
    String account = c.params().get("account");
    if (account != null && !account.matches("[a-z][a-z0-9_-]*")) {
      c.add(
          "account",
          "'" + account + "' is not an account id",
          "Name an account id as architectures declare them, e.g. office-user");
    }
    c.param("hijack", () -> c.params().bool("hijack", false));
    c.param("port", () -> c.params().integer("port", 0, 1, 65535));
  }

  static final String ACCOUNT_NAME = "[A-Za-z0-9._\\\\@-]{1,64}";

  @Override
  final StepOutcome run(AttackContext ctx, Params p) {
    return pivot(ctx, p, how());
  }

  /**
   * Opens a session of {@code service} to {@code target} and, when the log-in works ({@link
   * Login}), moves the attacker there.
   */
  static StepOutcome pivot(AttackContext ctx, Params p, String how) {
    String target = p.required("target");
    String name = p.required("service").toUpperCase(Locale.ROOT);
    RemoteService service;
    try {
      service = RemoteService.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new Params.Bad(
          "service '"
              + p.required("service")
              + "' is not one of rdp, ssh, vnc, telnet, smb, http, https, vendor");
    }
    HostSpec from = host(ctx, ctx.currentHost());
    HostSpec to = host(ctx, target);
    if (from.id().equals(to.id())) {
      throw new Params.Bad("the attacker is already on '" + target + "'");
    }
    // The port asked for, or the lowest the target offers the service on (as the networks pick).
    int asked = p.integer("port", 0, 1, 65535);
    OptionalInt offered =
        to.posture().listeners().stream()
            .filter(l -> l.service() == service && (asked == 0 || l.port() == asked))
            .mapToInt(Posture.Listener::port)
            .min();
    if (offered.isEmpty()) {
      // No server to connect to: the conduits on the way decide first, as they would drop the
      // attempt before the host could refuse it (on the port asked for, else the service's
      // well-known one; a vendor service has none to try).
      int tried = asked != 0 ? asked : service.port();
      Optional<StepOutcome> refused =
          tried < 0
              ? Optional.empty()
              : judge(ctx.architecture(), from, to, service.protocol(), tried);
      if (refused.isPresent()) {
        return refused.get();
      }
      return new StepOutcome.Failed(
          target
              + " does not offer "
              + service
              + (asked == 0 ? "" : " on port " + asked)
              + " (it offers "
              + to.posture().listeners().stream().map(l -> l.name() + " on " + l.port()).toList()
              + ").");
    }
    int port = offered.getAsInt();
    Login login =
        Login.decide(
            ctx,
            to,
            service.protocol(),
            p.get("account"),
            p.get("user"),
            p.bool("hijack", false),
            DEFAULT_USER);
    Protocol protocol = service.protocol();
    Access access;
    try {
      access = ctx.access(target, protocol, port);
    } catch (OtlabException e) {
      if (!"SERVICE_UNKNOWN".equals(e.code())) {
        throw e;
      }
      Optional<StepOutcome> refused = judge(ctx.architecture(), from, to, service.protocol(), port);
      if (refused.isPresent()) {
        return refused.get();
      }
      return loggedIn(ctx, to, service, login, how, true);
    }
    Watch watch = new Watch(ctx, target);
    // The session's own random bytes (SSH cookie, SMB GUID, TLS, keystroke packets), seeded by
    // who connects where: drawing them from the run's randomness would shift every later draw.
    SplittableRandom random =
        new SplittableRandom((from.id() + ">" + target + ":" + service).hashCode());
    RemoteSessionClient.Session session =
        RemoteSessionClient.start(
            Guardrail.requireLabAddress(access.address()),
            access.port(),
            service,
            login.user(),
            target,
            random,
            ctx.ioTimeout());
    if (session.result() instanceof RemoteSessionClient.Result.Refused refused) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              target + "'s " + service + " did not answer the session: " + refused.reason() + "."));
    }
    StepOutcome outcome = loggedIn(ctx, to, service, login, how, false);
    if (outcome instanceof StepOutcome.Succeeded) {
      type(ctx, session, service, target, random);
    } else {
      session.close();
    }
    return outcome;
  }

  /** What the operator types first on a session it took over. */
  static final String TYPED = "whoami\n";

  /**
   * The operator's first command on the session, one key at a time at a human's pace (a key every
   * 120 to 320 ms of lab time), paced by the lab clock; then the session closes.
   */
  private static void type(
      AttackContext ctx,
      RemoteSessionClient.Session session,
      RemoteService service,
      String target,
      SplittableRandom random) {
    List<byte[]> keys = RemoteWire.keystrokes(service, TYPED, random);
    double at = 0;
    for (byte[] key : keys) {
      at += 0.12 + 0.2 * random.nextDouble();
      ctx.later("keys:" + target, at, () -> session.send(key));
    }
    ctx.later("keys:" + target, at + 0.5, session::close);
  }

  /** The log-in as {@link Login} decided it, after the session opened (or was modelled). */
  private static StepOutcome loggedIn(
      AttackContext ctx,
      HostSpec to,
      RemoteService service,
      Login login,
      String how,
      boolean modelled) {
    String target = to.id();
    if (login instanceof Login.Refused refused) {
      return new StepOutcome.Failed(
          target + "'s " + service + ": " + refused.reason() + "; " + how + " fails.");
    }
    Login.In in = (Login.In) login;
    String previous = ctx.currentHost();
    ctx.moveTo(target);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("from", previous);
    f.put("to", target);
    f.put("service", service.name().toLowerCase(Locale.ROOT));
    f.put("user", in.user());
    f.put("credentials", to.posture().credentials().name().toLowerCase(Locale.ROOT));
    if (in.account() != null) {
      f.put("account", in.account());
    }
    f.put("login", in.how());
    f.put("modelled", Boolean.toString(modelled));
    return new StepOutcome.Succeeded(
        (modelled ? "modelled pivot from " : "pivot from ")
            + previous
            + " to "
            + target
            + " over "
            + f.get("service")
            + " as "
            + in.user()
            + " ("
            + how
            + ", "
            + in.how()
            + ")"
            + (modelled
                ? "; this lab runs no " + f.get("service") + " server, so no packet was sent"
                : "; the session's opening crossed the network"),
        f);
  }

  /** Blocked when a conduit on the path refuses, or no path exists; empty when allowed. */
  static Optional<StepOutcome> judge(
      ArchitectureSpec arch, HostSpec from, HostSpec to, Protocol protocol, int port) {
    if (from.zones().stream().anyMatch(to.zones()::contains)) {
      return Optional.empty();
    }
    Optional<List<ConduitSpec>> path = NetworkFabric.zonePath(arch, from.zones(), to.zones());
    if (path.isEmpty()) {
      return Optional.of(
          new StepOutcome.Blocked(
              "(none)",
              null,
              "no conduit path from zone "
                  + String.join("/", from.zones())
                  + " to zone "
                  + String.join("/", to.zones())));
    }
    Flow flow = new Flow(HostRef.of(from), HostRef.of(to), protocol, port);
    for (ConduitSpec c : path.get()) {
      ConduitDecision d = new ConduitMatcher(List.of(c)).connection(flow);
      if (d instanceof ConduitDecision.Denied denied) {
        return Optional.of(Watch.blocked(denied));
      }
    }
    return Optional.empty();
  }
}
