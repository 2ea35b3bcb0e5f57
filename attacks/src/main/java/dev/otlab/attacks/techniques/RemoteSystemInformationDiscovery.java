package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.jspecify.annotations.Nullable;

/**
 * T0888 Remote System Information Discovery: Modbus FC43/14 (basic device identification) and FC17
 * (report server id), and OPC UA GetEndpoints. Parameter {@code protocol}: modbus, opcua or both
 * (default). Findings are prefixed {@code modbus.} and {@code opcua.}.
 */
public final class RemoteSystemInformationDiscovery extends AbstractTechnique {

  private static final String[] OBJECTS = {"vendor", "product", "revision"};

  public RemoteSystemInformationDiscovery() {
    super("T0888", Set.of("target"), Set.of("protocol", "unit"));
  }

  @Override
  void checkValues(Checks c) {
    checkCommon(c);
    c.param("protocol", () -> c.params().choice("protocol", "both", "both", "modbus", "opcua"));
    c.controller();
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    String protocol = p.choice("protocol", "both", "both", "modbus", "opcua");
    Map<String, String> findings = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    ConduitDecision.Denied denial = null;
    if (!protocol.equals("opcua")) {
      denial = modbus(ctx, p, target, findings, problems);
    }
    if (!protocol.equals("modbus")) {
      ConduitDecision.Denied d = opcua(ctx, target, findings, problems);
      denial = denial != null ? denial : d;
    }
    if (!findings.isEmpty()) {
      return new StepOutcome.Succeeded(
          "identified "
              + target
              + ": "
              + findings.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("")
              + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"),
          findings);
    }
    if (denial != null) {
      return Watch.blocked(denial);
    }
    return new StepOutcome.Failed(
        "nothing identified on " + target + ": " + String.join("; ", problems));
  }

  private static ConduitDecision.@Nullable Denied modbus(
      AttackContext ctx, Params p, String target, Map<String, String> f, List<String> problems) {
    Access a = accessOrNull(ctx, target, Protocol.MODBUS);
    if (a == null) {
      problems.add("no Modbus server");
      return null;
    }
    int unit = unit(ctx, target, p);
    ConduitDecision.Denied denial = null;
    Watch watch = new Watch(ctx, target);
    try (ModbusConnection m = Wire.connect(a, unit, ctx.ioTimeout())) {
      Map<Integer, String> objects = m.readDeviceIdentification();
      for (int i = 0; i < OBJECTS.length; i++) {
        if (objects.containsKey(i)) {
          f.put("modbus." + OBJECTS[i], objects.get(i));
        }
      }
    } catch (IOException e) {
      problems.add("FC43/14: " + e.getMessage());
    }
    Optional<ConduitDecision.Denied> d = watch.fresh();
    if (d.isPresent()) {
      denial = d.get();
    }
    watch = new Watch(ctx, target);
    try (ModbusConnection m = Wire.connect(a, unit, ctx.ioTimeout())) {
      f.put("modbus.serverId", m.reportServerId());
    } catch (IOException e) {
      problems.add("FC17: " + e.getMessage());
    }
    d = watch.fresh();
    if (d.isPresent() && denial == null) {
      denial = d.get();
    }
    if (denial == null && a instanceof Access.Unreachable u) {
      denial =
          new ConduitDecision.Denied(
              "(none)",
              null,
              dev.otlab.network.RuleAction.REJECT,
              ConduitDecision.Refusal.NO_RULE,
              u.reason());
    }
    return denial;
  }

  private static ConduitDecision.@Nullable Denied opcua(
      AttackContext ctx, String target, Map<String, String> f, List<String> problems) {
    Access a = accessOrNull(ctx, target, Protocol.OPCUA);
    if (a == null) {
      problems.add("no OPC UA server");
      return null;
    }
    Watch watch = new Watch(ctx, target);
    if (!RemoteSystemDiscovery.opcUaAnswers(a, ctx.ioTimeout())) {
      // Milo would wait out its acknowledge timeout on a closed connection: ask with a Hello.
      problems.add("OPC UA: no acknowledge to Hello");
      return watch.fresh().orElse(null);
    }
    try {
      List<EndpointDescription> endpoints =
          OpcUaClientSession.getEndpoints(endpointUrl(a), ctx.ioTimeout());
      List<String> offered = new ArrayList<>();
      // Weakest first: a server lists its endpoints in an order of its own (Milo's differs from
      // one JVM to the next), and the report must read the same for the same seed.
      List<EndpointDescription> weakestFirst = new ArrayList<>(endpoints);
      weakestFirst.sort(
          Comparator.comparingInt((EndpointDescription e) -> e.getSecurityMode().getValue())
              .thenComparing(EndpointDescription::getSecurityPolicyUri));
      for (EndpointDescription e : weakestFirst) {
        String policy = e.getSecurityPolicyUri();
        offered.add(policy.substring(policy.indexOf('#') + 1) + "/" + e.getSecurityMode());
      }
      f.put("opcua.endpoints", String.join(",", offered));
      if (!endpoints.isEmpty()) {
        var server = endpoints.get(0).getServer();
        f.put("opcua.applicationUri", String.valueOf(server.getApplicationUri()));
        f.put("opcua.productUri", String.valueOf(server.getProductUri()));
        f.put("opcua.applicationName", String.valueOf(server.getApplicationName().getText()));
      }
    } catch (OtlabException e) {
      problems.add("GetEndpoints: " + describe(e));
    }
    return watch.fresh().orElse(null);
  }
}
