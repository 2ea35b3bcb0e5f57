package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.Guardrail;
import dev.otlab.attacks.ParameterProblem;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.attacks.StepScope;
import dev.otlab.attacks.Technique;
import dev.otlab.attacks.Techniques;
import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.PointSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What every technique does before it sends: the guardrail over all parameters, the parameter
 * names, and the target host. Subclasses only see parameters that passed.
 */
abstract class AbstractTechnique implements Technique {

  private final String id;
  private final Set<String> required;
  private final Set<String> optional;

  AbstractTechnique(String id, Set<String> required, Set<String> optional) {
    this.id = id;
    this.required = Set.copyOf(required);
    this.optional = Set.copyOf(optional);
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final Set<String> requiredParameters() {
    return required;
  }

  @Override
  public final Set<String> optionalParameters() {
    return optional;
  }

  @Override
  public final List<ParameterProblem> check(Map<String, String> params, StepScope scope) {
    List<ParameterProblem> out = new ArrayList<>(Techniques.nameProblems(this, params));
    Checks c = new Checks(id, params, scope);
    checkValues(c);
    out.addAll(c.problems());
    return out;
  }

  /**
   * The load-time value checks: the same {@link Params} reads {@link #run} makes, plus what the
   * plant says about the targeted controller. Default none.
   */
  void checkValues(Checks c) {}

  @Override
  public final StepOutcome execute(AttackContext ctx, Map<String, String> params) {
    Guardrail.checkParameters(params);
    var problems = Techniques.problems(this, params);
    if (!problems.isEmpty()) {
      return new StepOutcome.Failed(String.join("; ", problems) + ".");
    }
    String target = params.get("target");
    if (target != null && !Guardrail.isLabHost(ctx, target.strip())) {
      return new StepOutcome.Failed(
          "'"
              + target
              + "' is not a host of architecture '"
              + ctx.architecture().id()
              + "'; use one of "
              + ctx.architecture().hosts().stream().map(HostSpec::id).toList()
              + ".");
    }
    try {
      return run(ctx, new Params(params));
    } catch (Params.Bad e) {
      return new StepOutcome.Failed(e.getMessage() + ".");
    }
  }

  abstract StepOutcome run(AttackContext ctx, Params p);

  static HostSpec host(AttackContext ctx, String id) {
    return ctx.architecture().host(id).orElseThrow(() -> new Params.Bad("no host '" + id + "'"));
  }

  /** The plant controller a host runs, if any. */
  static Optional<ControllerSpec> controller(AttackContext ctx, String hostId) {
    String c = host(ctx, hostId).controller();
    return c == null ? Optional.empty() : ctx.plant().controller(c);
  }

  static String controllerId(AttackContext ctx, String hostId) {
    String c = host(ctx, hostId).controller();
    if (c == null) {
      throw new Params.Bad("host '" + hostId + "' runs no controller, so it has no tags");
    }
    return c;
  }

  /** Modbus unit id: parameter {@code unit}, else the controller's, else 1. */
  static int unit(AttackContext ctx, String hostId, Params p) {
    int fallback = controller(ctx, hostId).map(ControllerSpec::unitId).orElse(1);
    return p.integer("unit", fallback, 0, 255);
  }

  static Optional<PointSpec> point(AttackContext ctx, String hostId, String tag) {
    return controller(ctx, hostId).stream()
        .flatMap(c -> c.points().stream())
        .map(PointBinding::point)
        .filter(pt -> pt.tag().equals(tag))
        .findFirst();
  }

  /** Null when the host runs no server for the protocol (OtlabException SERVICE_UNKNOWN). */
  static @Nullable Access accessOrNull(AttackContext ctx, String host, Protocol protocol) {
    try {
      return Guardrail.access(ctx, host, protocol);
    } catch (OtlabException e) {
      if (e.code().equals("SERVICE_UNKNOWN")) {
        return null;
      }
      throw e;
    }
  }

  static String endpointUrl(Access a) {
    return "opc.tcp://"
        + Guardrail.requireLabAddress(a.address())
        + ":"
        + a.port()
        + OpcUaServerSettings.DEFAULT_PATH;
  }

  /**
   * Opens an OPC UA session through {@code a}. Security "auto" tries None and, when the server does
   * not offer it, Basic256Sha256 SignAndEncrypt, then Sign (a server that signs only, so that a
   * conduit can read its services): whatever the server offers, as a real client would.
   */
  static OpcUaClientSession openUa(
      AttackContext ctx, Access a, ClientIdentity identity, String security) {
    OpcUaClientSession.Options o =
        OpcUaClientSession.Options.of(endpointUrl(a), identity, ctx.pkiDir())
            .withTimeout(ctx.ioTimeout())
            .withApplicationName("otlab-attacker");
    switch (security) {
      case "sign":
        return OpcUaClientSession.connect(
            o.withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN));
      case "sign-and-encrypt":
        return OpcUaClientSession.connect(
            o.withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT));
      case "none":
        return OpcUaClientSession.connect(o);
      default:
        try {
          return OpcUaClientSession.connect(o);
        } catch (OtlabException e) {
          if (!e.code().equals("OPCUA_ENDPOINT_NOT_OFFERED")) {
            throw e;
          }
          try {
            return OpcUaClientSession.connect(
                o.withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT));
          } catch (OtlabException encrypted) {
            if (!encrypted.code().equals("OPCUA_ENDPOINT_NOT_OFFERED")) {
              throw encrypted;
            }
            return OpcUaClientSession.connect(
                o.withSecurityMode(OpcUaSecurityMode.BASIC256SHA256_SIGN));
          }
        }
    }
  }

  /**
   * An OPC UA Hello before Milo connects. Milo waits out its acknowledge timeout on a connection a
   * relay has closed; a raw Hello learns the same in one round trip, so a denied step is reported
   * at once. Null when the server acknowledged.
   */
  static @Nullable StepOutcome uaPreflight(AttackContext ctx, Access a, String target) {
    Watch watch = new Watch(ctx, target);
    if (RemoteSystemDiscovery.opcUaAnswers(a, ctx.ioTimeout())) {
      return null;
    }
    return watch.blockedOr(
        a,
        new StepOutcome.Failed("the OPC UA server on " + target + " did not acknowledge Hello."));
  }

  /** The shared checks of {@code unit} and {@code security}, when the technique takes them. */
  final void checkCommon(Checks c) {
    Params p = c.params();
    if (optionalParameters().contains("unit")) {
      c.param("unit", () -> p.integer("unit", 1, 0, 255));
    }
    if (optionalParameters().contains("security")) {
      c.param("security", () -> security(p));
    }
  }

  static String security(Params p) {
    return p.choice("security", "auto", "auto", "none", "sign", "sign-and-encrypt");
  }

  /** A failure's message with the OPC UA status when there is one. */
  static String describe(Throwable e) {
    String status = OpcUaClientSession.statusOf(e).map(s -> " [status " + s + "]").orElse("");
    return e.getMessage() + status;
  }
}
