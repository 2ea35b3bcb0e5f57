package dev.otlab.scoring.arch;

import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.OpcUaFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.network.SensorSpec;
import dev.otlab.network.ZoneSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A terse builder of hand-made architectures for unit tests (no plant, no YAML). */
final class Specs {
  final List<ZoneSpec> zones = new ArrayList<>();
  final List<HostSpec> hosts = new ArrayList<>();
  final List<ConduitSpec> conduits = new ArrayList<>();
  final Set<String> taps = new java.util.LinkedHashSet<>();
  final Set<String> spans = new java.util.LinkedHashSet<>();
  final Map<String, String> entryPoints = new LinkedHashMap<>();
  final List<AccountSpec> accounts = new ArrayList<>();

  static final Posture HARDENED =
      new Posture(Set.of(), Credentials.STRONG, Set.of(OpcUaMode.SIGN_AND_ENCRYPT), false);

  Specs zone(String id, double level, int slt) {
    zones.add(new ZoneSpec(id, level, slt, ""));
    return this;
  }

  Specs host(String id, HostRole role, String... zoneIds) {
    Posture p = role == HostRole.PLC || role == HostRole.SIS ? HARDENED : Posture.DEFAULT;
    return host(id, role, p, zoneIds);
  }

  Specs host(String id, HostRole role, Posture posture, String... zoneIds) {
    hosts.add(
        new HostSpec(
            id,
            List.of(zoneIds),
            role,
            role == HostRole.PLC || role == HostRole.SIS ? id : null,
            posture,
            ""));
    return this;
  }

  Specs conduit(String id, String a, String b, RuleSpec... rules) {
    conduits.add(new ConduitSpec(id, a, b, List.of(rules), ""));
    return this;
  }

  Specs tap(String conduit) {
    taps.add(conduit);
    return this;
  }

  Specs span(String zone) {
    spans.add(zone);
    return this;
  }

  Specs entry(String name, String host) {
    entryPoints.put(name, host);
    return this;
  }

  /** An account of {@code services} on {@code hosts}, saved on {@code savedOn}. */
  Specs account(
      String id,
      Credentials strength,
      boolean mfa,
      Set<Protocol> services,
      List<String> hosts,
      List<String> savedOn) {
    accounts.add(new AccountSpec(id, id, services, hosts, strength, mfa, savedOn, ""));
    return this;
  }

  ArchitectureSpec build() {
    return new ArchitectureSpec(
        "test",
        "test",
        "",
        "test-plant",
        zones,
        hosts,
        conduits,
        new SensorSpec(taps, spans),
        entryPoints,
        accounts);
  }

  static Posture remote(Credentials c, RemoteService... services) {
    return new Posture(Set.of(services), c, Set.of(), false);
  }

  static Selector sel(String s) {
    if (s.equals("any")) {
      return Selector.ANY;
    }
    return s.startsWith("zone:") ? Selector.zone(s.substring(5)) : Selector.host(s.substring(5));
  }

  static RuleSpec allow(String id, String from, String to, Protocol p) {
    return new RuleSpec(id, sel(from), sel(to), p, null, RuleAction.ALLOW, null, null);
  }

  static RuleSpec deny(String id, String from, String to, Protocol p) {
    return new RuleSpec(id, sel(from), sel(to), p, null, RuleAction.DENY, null, null);
  }

  static RuleSpec modbus(
      String id, String from, String to, Set<Integer> fcs, List<RegisterRange> ranges) {
    return new RuleSpec(
        id,
        sel(from),
        sel(to),
        Protocol.MODBUS,
        null,
        RuleAction.ALLOW,
        new ModbusFilter(fcs, ranges),
        null);
  }

  static RuleSpec opcua(
      String id, String from, String to, Set<OpcUaService> services, OpcUaMode min) {
    return new RuleSpec(
        id,
        sel(from),
        sel(to),
        Protocol.OPCUA,
        null,
        RuleAction.ALLOW,
        null,
        new OpcUaFilter(services, min));
  }
}
