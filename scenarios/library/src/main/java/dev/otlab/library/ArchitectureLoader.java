package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.network.AccountSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.IiotSpec;
import dev.otlab.network.ModbusFilter;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Names;
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
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plc.SoftPlc;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Loads and validates an architecture file. Every problem is collected with its path and a fix; a
 * spec is returned only for a file without any, so nothing starts on an invalid design. The
 * architecture names its plant, which is loaded too, so that each PLC and SIS of the plant is
 * placed on exactly one host.
 */
public final class ArchitectureLoader {

  private static final Map<String, Table> TABLES = Reader.byYamlName(Table.values());

  static final Map<String, HostRole> ROLES = Reader.byYamlName(HostRole.values());
  static final Map<String, Protocol> PROTOCOLS = Reader.byYamlName(Protocol.values());

  /** The remote-access services by their YAML names, as a remedy lists them. */
  private static final String REMOTE_SERVICES =
      Arrays.stream(RemoteService.values()).map(Names::yaml).collect(Collectors.joining(", "));

  static final Map<String, RuleAction> ACTIONS = Reader.byYamlName(RuleAction.values());
  static final Map<String, OpcUaService> SERVICES = Reader.byYamlName(OpcUaService.values());
  static final Map<String, OpcUaMode> MODES = Reader.byYamlName(OpcUaMode.values());
  static final Map<String, RemoteService> REMOTE = Reader.byYamlName(RemoteService.values());
  static final Map<String, Credentials> CREDENTIALS = Reader.byYamlName(Credentials.values());
  static final Map<String, ConduitLog> LOGS = Reader.byYamlName(ConduitLog.values());
  static final Map<String, MqttDirection> DIRECTIONS = Reader.byYamlName(MqttDirection.values());

  /** What the plant servers offer unless a PLC or SIS host's posture says otherwise. */
  public static final Set<OpcUaMode> CONTROLLER_DEFAULT_MODES =
      Set.of(OpcUaMode.NONE, OpcUaMode.SIGN_AND_ENCRYPT);

  private ArchitectureLoader() {}

  /** Loads a library architecture by name, or an architecture file by path. */
  public static ArchitectureSpec load(String nameOrPath) {
    Library.Source src = Library.read("architectures", nameOrPath);
    return parse(src.name(), src.text());
  }

  /** Parses and validates architecture YAML; {@code name} appears in messages. */
  public static ArchitectureSpec parse(String name, String yaml) {
    return Reader.validate(
        "ARCHITECTURE_INVALID", "architecture", name, yaml, (root, r) -> new Parse(r).read(root));
  }

  /** One parse: the reader plus the ids seen so far, so references can be checked. */
  private static final class Parse {
    private final Reader r;
    private final Map<String, ZoneSpec> zones = new LinkedHashMap<>();
    private final Map<String, HostSpec> hosts = new LinkedHashMap<>();
    private final Set<String> conduitIds = new LinkedHashSet<>();
    // Ids declared, valid or not: references to a declared but broken zone or host would only
    // repeat the problem already reported at its declaration.
    private final Set<String> zoneIds = new LinkedHashSet<>();
    private final Set<String> hostIds = new LinkedHashSet<>();
    private final Map<String, String> iiotPaths = new LinkedHashMap<>();

    Parse(Reader r) {
      this.r = r;
    }

    @Nullable ArchitectureSpec read(@Nullable JsonNode root) {
      if (!r.object(root)) {
        return null;
      }
      String id = r.text(root, "", "id", null);
      String title = r.text(root, "", "title", id);
      String description = r.text(root, "", "description", "");
      String plantName = r.text(root, "", "plant", null);
      PlantSpec plant = r.plant(plantName);
      if (plant != null) {
        plantName = plant.id();
      }

      r.list(root, "", "zones", this::zone);
      r.list(root, "", "hosts", this::host);
      List<ConduitSpec> conduits = new ArrayList<>();
      r.list(
          root,
          "",
          "conduits",
          (n, p) -> {
            ConduitSpec c = conduit(n, p);
            if (c != null) {
              conduits.add(c);
            }
          });
      SensorSpec sensors = sensors(root.get("sensors"));
      Map<String, String> entryPoints = entryPoints(root.get("entryPoints"));
      List<AccountSpec> accounts = new ArrayList<>();
      Set<String> accountIds = new HashSet<>();
      r.list(
          root,
          "",
          "accounts",
          (n, p) -> {
            // Ids declared, valid or not, as for hosts: a broken account keeps its id.
            String declared = n != null ? n.path("id").asText("") : "";
            if (!declared.isEmpty() && !accountIds.add(declared)) {
              r.problem(
                  p + ".id",
                  "'" + declared + "' is used by another account.",
                  "Give each account its own id.");
              return;
            }
            AccountSpec a = account(n, p);
            if (a != null) {
              accounts.add(a);
            }
          });
      if (plant != null) {
        placement(plant, root);
      }
      iiotReferences(plant);
      if (!r.problems().isEmpty()) {
        return null;
      }
      return new ArchitectureSpec(
          id,
          title,
          description,
          plantName,
          List.copyOf(zones.values()),
          List.copyOf(hosts.values()),
          conduits,
          sensors,
          entryPoints,
          accounts);
    }

    /**
     * An account: its hosts and saved-on hosts must be declared, and each host must offer every
     * remote-access service the account names (OPC UA runs on plc and sis hosts), or the account
     * would open nothing there.
     */
    private @Nullable AccountSpec account(JsonNode n, String p) {
      if (!r.object(n)) {
        return null;
      }
      int before = r.problems().size();
      String id = r.text(n, p, "id", null);
      String user = r.text(n, p, "user", id);
      Set<Protocol> services = EnumSet.noneOf(Protocol.class);
      r.list(
          n,
          p,
          "services",
          (sn, sp) -> {
            Protocol pr = enumValue(sn, PROTOCOLS);
            if (pr == null) {
              return;
            }
            if (!AccountSpec.loggable(pr)) {
              r.problem(
                  sp,
                  "'" + sn.asText() + "' has no accounts to log in with.",
                  "Use remote-access services (" + REMOTE_SERVICES + ") or opcua.");
              return;
            }
            services.add(pr);
          });
      if (services.isEmpty() && r.problems().size() == before) {
        r.problem(p + ".services", "is empty.", "Name the services the account logs in to.");
      }
      List<String> accountHosts = new ArrayList<>();
      r.list(n, p, "hosts", (hn, hp) -> accountHosts.add(hostRef(hn, hp)));
      if (accountHosts.isEmpty() && r.problems().size() == before) {
        r.problem(p + ".hosts", "is empty.", "Name the hosts that accept the account.");
      }
      List<String> savedOn = new ArrayList<>();
      r.list(n, p, "savedOn", (hn, hp) -> savedOn.add(hostRef(hn, hp)));
      for (int i = 0; i < accountHosts.size(); i++) {
        HostSpec h = hosts.get(accountHosts.get(i));
        if (h == null || services.isEmpty()) {
          continue;
        }
        boolean offered = false;
        for (Protocol pr : services) {
          offered |=
              pr == Protocol.OPCUA
                  ? h.controller() != null
                  : RemoteService.of(pr).map(h.posture().remoteServices()::contains).orElse(false);
        }
        if (!offered) {
          String names = services.stream().map(Names::yaml).collect(Collectors.joining(", "));
          r.problem(
              p + ".hosts[" + i + "]",
              h.id()
                  + " offers "
                  + (services.size() == 1 ? "no " : "none of ")
                  + names
                  + " to log in to.",
              services.equals(Set.of(Protocol.OPCUA))
                  ? "OPC UA accounts belong on plc and sis hosts; drop " + h.id() + "."
                  : "Add the service to "
                      + h.id()
                      + "'s posture remoteServices, or drop "
                      + h.id()
                      + " from the account.");
        }
      }
      Credentials strength = r.choice(n, "strength", CREDENTIALS, "strong");
      boolean mfa = r.bool(n, "mfa", false);
      String description = r.text(n, p, "description", "");
      if (r.problems().size() != before) {
        return null;
      }
      return new AccountSpec(id, user, services, accountHosts, strength, mfa, savedOn, description);
    }

    private String hostRef(@Nullable JsonNode n, String p) {
      if (n == null || !n.isTextual()) {
        return "";
      }
      String h = n.asText();
      if (!hostIds.contains(h)) {
        r.problem(p, "'" + h + "' is not a host.", "Use one of " + new TreeSet<>(hostIds) + ".");
      }
      return h;
    }

    private void zone(JsonNode n, String p) {
      if (!r.object(n)) {
        return;
      }
      int before = r.problems().size();
      String id = r.text(n, p, "id", null);
      double level = r.number(n, p, "level", null);
      if (r.problems().size() == before
          && (!(level >= 0 && level <= 5) || (level != Math.rint(level) && level != 3.5))) {
        r.problem(
            p + ".level",
            level + " is not a Purdue level.",
            "Use 0 (field) to 5 (internet), or 3.5 for a DMZ.");
      }
      int slt = r.integer(n, p, "slt", 1);
      String description = r.text(n, p, "description", "");
      String site = r.text(n, p, "site", ZoneSpec.DEFAULT_SITE);
      if (!site.matches("[a-z][a-z0-9_-]*")) {
        r.problem(
            p + ".site",
            "'" + site + "' is not a site id.",
            "Name the site in lower-case letters, digits, '-' and '_', starting with a letter.");
      }
      if (!id.isEmpty() && !zoneIds.add(id)) {
        r.problem(p + ".id", "'" + id + "' is used by another zone.", "Give each zone its own id.");
        return;
      }
      if (r.problems().size() == before) {
        zones.put(id, new ZoneSpec(id, level, slt, description, site));
      }
    }

    private void host(JsonNode n, String p) {
      if (!r.object(n)) {
        return;
      }
      int before = r.problems().size();
      String id = r.text(n, p, "id", null);
      List<String> hz = new ArrayList<>();
      if (n.has("zone") && n.has("zones")) {
        r.problem(
            p,
            "has both zone and zones.",
            "Use zone for one zone, or zones: [a, b] for a dual-homed host.");
      } else if (n.has("zones")) {
        r.list(n, p, "zones", (zn, zp) -> hz.add(zoneRef(zn, zp)));
      } else if (n.has("zone")) {
        hz.add(zoneRef(n.get("zone"), p + ".zone"));
      }
      HostRole role = r.choice(n, "role", ROLES, null);
      String controller = n.has("controller") ? r.text(n, p, "controller", null) : null;
      boolean roleKnown = ROLES.containsKey(n.path("role").asText());
      boolean isController = roleKnown && (role == HostRole.PLC || role == HostRole.SIS);
      if (isController && controller == null) {
        r.problem(
            p + ".controller",
            "is missing.",
            "Name the plant controller this " + Names.yaml(role) + " host runs.");
      }
      if (roleKnown && !isController && controller != null) {
        r.problem(
            p + ".controller",
            "only plc and sis hosts run a controller.",
            "Remove it or set role: plc or sis.");
      }
      Posture posture = posture(n.get("posture"), p + ".posture", isController);
      if (roleKnown && role != HostRole.MQTT_BROKER && !posture.brokerListeners().isEmpty()) {
        r.problem(
            p + ".posture.mqtt",
            "only an mqtt-broker host runs a broker.",
            "Remove it or set role: mqtt-broker.");
      }
      IiotSpec iiot = null;
      if (n.has("iiot")) {
        if (roleKnown && role != HostRole.IIOT_GATEWAY) {
          r.problem(
              p + ".iiot",
              "only an iiot-gateway host bridges to MQTT.",
              "Remove it or set role: iiot-gateway.");
        } else {
          iiot = iiot(n.get("iiot"), p + ".iiot", id);
        }
      }
      if (!id.isEmpty() && !hostIds.add(id)) {
        r.problem(p + ".id", "'" + id + "' is used by another host.", "Give each host its own id.");
        return;
      }
      if (r.problems().size() == before) {
        hosts.put(
            id,
            new HostSpec(id, hz, role, controller, posture, r.text(n, p, "description", ""), iiot));
        if (iiot != null) {
          iiotPaths.put(id, p + ".iiot");
        }
      }
    }

    private String zoneRef(@Nullable JsonNode n, String p) {
      if (n == null || !n.isTextual()) {
        return "";
      }
      String z = n.asText();
      if (!zoneIds.contains(z)) {
        r.problem(p, "'" + z + "' is not a zone.", "Use one of " + new TreeSet<>(zoneIds) + ".");
      }
      return z;
    }

    private @Nullable IiotSpec iiot(@Nullable JsonNode n, String p, String host) {
      if (!r.object(n)) {
        return null;
      }
      int before = r.problems().size();
      String broker = r.text(n, p, "broker", null);
      String site = r.text(n, p, "site", host);
      String siteProblem = MqttFilter.filterProblem(site);
      if (siteProblem == null && (site.contains("/") || site.contains("+") || site.contains("#"))) {
        siteProblem = "is not one topic level";
      }
      if (siteProblem != null) {
        r.problem(p + ".site", "'" + site + "' " + siteProblem + ".", "Use a name such as wt.");
      }
      double publish = r.number(n, p, "publishSeconds", IiotSpec.DEFAULT_PUBLISH_SECONDS);
      double command = r.number(n, p, "commandSeconds", IiotSpec.DEFAULT_COMMAND_SECONDS);
      for (String f : List.of("publishSeconds", "commandSeconds")) {
        if (n.has(f) && !(r.number(n, p, f, 1.0) > 0)) {
          r.problem(p + "." + f, "must be positive.", "Give a number of lab seconds above 0.");
        }
      }
      Map<String, List<String>> tags = tagLists(n.get("tags"), p + ".tags");
      Map<String, List<String>> writeBack = tagLists(n.get("writeBack"), p + ".writeBack");
      if (r.problems().size() > before) {
        return null;
      }
      return new IiotSpec(broker, site, publish, tags, writeBack, command);
    }

    private Map<String, List<String>> tagLists(@Nullable JsonNode n, String p) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      if (n == null || !n.isObject()) {
        return out;
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        List<String> tags = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(t -> tags.add(t.asText()));
        }
        out.put(e.getKey(), tags);
      }
      return out;
    }

    /**
     * A gateway's broker is an {@code mqtt-broker} host, the hosts of its tags are PLC hosts, and
     * the tags are points of their controllers; write-back tags writable ones.
     */
    private void iiotReferences(@Nullable PlantSpec plant) {
      for (Map.Entry<String, String> g : iiotPaths.entrySet()) {
        IiotSpec iiot = hosts.get(g.getKey()).iiot();
        String p = g.getValue();
        HostSpec broker = hosts.get(iiot.broker());
        if (broker == null || broker.role() != HostRole.MQTT_BROKER) {
          r.problem(
              p + ".broker",
              "'" + iiot.broker() + "' is not an mqtt-broker host.",
              "Use one of "
                  + hosts.values().stream()
                      .filter(h -> h.role() == HostRole.MQTT_BROKER)
                      .map(HostSpec::id)
                      .sorted()
                      .toList()
                  + ", or add a host with role: mqtt-broker.");
        }
        tagReferences(plant, iiot.tags(), p + ".tags", false);
        tagReferences(plant, iiot.writeBack(), p + ".writeBack", true);
      }
    }

    private void tagReferences(
        @Nullable PlantSpec plant, Map<String, List<String>> tags, String p, boolean write) {
      for (Map.Entry<String, List<String>> e : tags.entrySet()) {
        String tp = p + "." + e.getKey();
        HostSpec plc = hosts.get(e.getKey());
        if (plc == null || plc.role() != HostRole.PLC || plc.controller() == null) {
          r.problem(
              tp,
              "'" + e.getKey() + "' is not a plc host.",
              "Use one of "
                  + hosts.values().stream()
                      .filter(h -> h.role() == HostRole.PLC)
                      .map(HostSpec::id)
                      .sorted()
                      .toList()
                  + ".");
          continue;
        }
        if (e.getValue().isEmpty()) {
          r.problem(tp, "lists no tag.", "List the controller's tags, or remove the host.");
        }
        var controller = plant == null ? null : plant.controller(plc.controller()).orElse(null);
        if (controller == null) {
          continue;
        }
        for (int i = 0; i < e.getValue().size(); i++) {
          String tag = e.getValue().get(i);
          var point =
              controller.points().stream().filter(b -> b.point().tag().equals(tag)).findFirst();
          if (point.isEmpty()) {
            r.problem(
                tp + "[" + i + "]",
                "'" + tag + "' is not a tag of controller " + controller.id() + ".",
                "Use one of "
                    + controller.points().stream().map(b -> b.point().tag()).sorted().toList()
                    + ".");
          } else if (write && !point.get().point().writable()) {
            r.problem(
                tp + "[" + i + "]",
                "'"
                    + tag
                    + "' of controller "
                    + controller.id()
                    + " is a measurement, not writable.",
                "Write back setpoints only: one of "
                    + controller.points().stream()
                        .filter(b -> b.point().writable())
                        .map(b -> b.point().tag())
                        .sorted()
                        .toList()
                    + ".");
          }
        }
      }
    }

    private Posture posture(@Nullable JsonNode n, String p, boolean controller) {
      Set<OpcUaMode> defaultModes = controller ? CONTROLLER_DEFAULT_MODES : Set.of();
      if (n == null || n.isNull()) {
        return new Posture(Set.of(), Credentials.STRONG, defaultModes, controller);
      }
      if (!r.object(n)) {
        return Posture.DEFAULT;
      }
      List<Posture.Listener> listeners = new ArrayList<>();
      Map<Integer, String> ports = new HashMap<>();
      if (controller) {
        // The plant servers' ports on a controller host.
        ports.put(Protocol.MODBUS.port(), "its Modbus server");
        ports.put(Protocol.OPCUA.port(), "its OPC UA server");
      }
      r.list(n, p, "remoteServices", (sn, sp) -> listener(sn, sp, listeners, ports));
      List<Posture.BrokerListener> broker = new ArrayList<>();
      r.list(n, p, "mqtt", (sn, sp) -> brokerListener(sn, sp, broker, ports));
      Credentials credentials = r.choice(n, "credentials", CREDENTIALS, "strong");
      Set<OpcUaMode> modes = defaultModes;
      boolean anonymous = controller;
      JsonNode o = n.get("opcua");
      if (o != null && !o.isNull() && r.object(o)) {
        Set<OpcUaMode> m = EnumSet.noneOf(OpcUaMode.class);
        r.list(
            o,
            p + ".opcua",
            "modes",
            (mn, mp) -> {
              OpcUaMode mode = enumValue(mn, MODES);
              if (mode != null) {
                m.add(mode);
              }
            });
        modes = m;
        anonymous = r.bool(o, "anonymous", false);
      }
      return new Posture(listeners, credentials, modes, anonymous, broker);
    }

    /**
     * One item of a broker's {@code mqtt}: {@code mqtt} (in clear, 1883), {@code mqtts} (inside
     * TLS, 8883), or {@code {service, port}} to put either elsewhere.
     */
    private void brokerListener(
        JsonNode sn, String sp, List<Posture.BrokerListener> out, Map<Integer, String> ports) {
      JsonNode named = sn.isObject() ? sn.get("service") : sn;
      Protocol protocol = enumValue(named, PROTOCOLS);
      if (protocol != Protocol.MQTT && protocol != Protocol.MQTTS) {
        return; // the schema reports it
      }
      int port =
          sn.isObject() && sn.hasNonNull("port")
              ? r.integer(sn, sp, "port", protocol.port())
              : protocol.port();
      String taken = ports.putIfAbsent(port, Names.yaml(protocol));
      if (taken != null) {
        r.problem(
            sp,
            "port " + port + " is taken by " + taken + " already.",
            "Give each listener of the broker its own port, e.g. {service: mqtts, port: 8883}.");
        return;
      }
      try {
        out.add(new Posture.BrokerListener(protocol, port));
      } catch (IllegalArgumentException e) {
        r.problem(sp, e.getMessage() + ".", "Use a port 1..65535.");
      }
    }

    /**
     * One item of {@code remoteServices}: a service's name (on its well-known port), or {@code
     * {service, port, name}} to put it elsewhere; a vendor service always gives its port and name.
     */
    private void listener(
        JsonNode sn, String sp, List<Posture.Listener> out, Map<Integer, String> ports) {
      RemoteService service;
      int port;
      String name;
      if (sn.isObject()) {
        service = enumValue(sn.get("service"), REMOTE);
        if (service == null) {
          return; // the schema reports it
        }
        if (service == RemoteService.VENDOR && (!sn.hasNonNull("port") || !sn.hasNonNull("name"))) {
          r.problem(
              sp,
              "a vendor service has no well-known port or name.",
              "Give both, e.g. {service: vendor, name: historian-sync, port: 5450}.");
          return;
        }
        port = sn.hasNonNull("port") ? r.integer(sn, sp, "port", service.port()) : service.port();
        name = sn.hasNonNull("name") ? r.text(sn, sp, "name", null) : Names.yaml(service);
      } else {
        service = enumValue(sn, REMOTE);
        if (service == null) {
          return;
        }
        if (service == RemoteService.VENDOR) {
          r.problem(
              sp,
              "a vendor service has no well-known port or name.",
              "Write it as {service: vendor, name: historian-sync, port: 5450}.");
          return;
        }
        port = service.port();
        name = Names.yaml(service);
      }
      String taken = ports.putIfAbsent(port, Names.yaml(service));
      if (taken != null) {
        r.problem(
            sp,
            "port " + port + " is taken by " + taken + " already.",
            "Give each service of a host its own port.");
        return;
      }
      try {
        out.add(new Posture.Listener(service, port, name));
      } catch (IllegalArgumentException e) {
        r.problem(sp, e.getMessage() + ".", "Use a port 1..65535 and a kebab-case name.");
      }
    }

    /** The constant a list item spells; the schema reports any other item. */
    private static <E> @Nullable E enumValue(@Nullable JsonNode n, Map<String, E> allowed) {
      return n == null || !n.isValueNode() ? null : allowed.get(n.asText());
    }

    private @Nullable ConduitSpec conduit(JsonNode n, String p) {
      if (!r.object(n)) {
        return null;
      }
      int before = r.problems().size();
      String id = r.text(n, p, "id", null);
      if (!id.isEmpty() && !conduitIds.add(id)) {
        r.problem(
            p + ".id", "'" + id + "' is used by another conduit.", "Give each conduit its own id.");
      }
      List<String> between = new ArrayList<>();
      JsonNode b = n.get("between");
      if (b == null || !b.isArray() || b.size() != 2) {
        r.problem(
            p + ".between",
            b == null ? "is missing." : "must list exactly two zones.",
            "Write between: [zone-a, zone-b].");
      } else {
        between.add(zoneRef(b.get(0), p + ".between[0]"));
        between.add(zoneRef(b.get(1), p + ".between[1]"));
        if (between.get(0).equals(between.get(1)) && !between.get(0).isEmpty()) {
          r.problem(
              p + ".between",
              "joins zone '" + between.get(0) + "' to itself.",
              "A conduit joins two different zones; hosts in one zone reach each other directly.");
        }
      }
      List<RuleSpec> rules = new ArrayList<>();
      Map<String, Integer> ruleIds = new HashMap<>();
      int[] position = {0};
      r.list(
          n,
          p,
          "rules",
          (rn, rp) -> {
            int index = position[0]++;
            RuleSpec rule = rule(rn, rp, index);
            if (rule == null) {
              return;
            }
            Integer other = ruleIds.putIfAbsent(rule.id(), index);
            if (other != null) {
              r.problem(
                  rp + ".id",
                  "'" + rule.id() + "' is used by another rule of this conduit.",
                  "Give each rule of a conduit its own id.");
            }
            for (RuleSpec earlier : rules) {
              if (earlier.from().equals(rule.from())
                  && earlier.to().equals(rule.to())
                  && earlier.protocol() == rule.protocol()
                  && earlier.effectivePort() == rule.effectivePort()
                  && !oppositeDirections(earlier, rule)) {
                String what =
                    earlier.action() != rule.action()
                        ? "contradicts earlier rule '"
                            + earlier.id()
                            + "' ("
                            + Names.yaml(earlier.action())
                            + ") for the same source, destination, protocol and port; the earlier"
                            + " rule always wins, so this one is unreachable."
                        : "matches the same source, destination, protocol and port as earlier rule"
                            + " '"
                            + earlier.id()
                            + "', which always decides first; this one is unreachable.";
                r.problem(
                    rp,
                    what,
                    "Remove one of them, or merge their function codes, ranges or services into one"
                        + " rule.");
                break;
              }
            }
            rules.add(rule);
          });
      if (r.problems().size() > before) {
        return null;
      }
      return new ConduitSpec(
          id,
          between.get(0),
          between.get(1),
          rules,
          r.text(n, p, "description", ""),
          r.choice(n, "log", LOGS, "none"));
    }

    private @Nullable RuleSpec rule(JsonNode n, String p, int index) {
      if (!r.object(n)) {
        return null;
      }
      int before = r.problems().size();
      String id = n.has("id") ? r.text(n, p, "id", null) : "r" + (index + 1);
      Selector from = selector(n, p, "from");
      Selector to = selector(n, p, "to");
      Protocol protocol = r.choice(n, "protocol", PROTOCOLS, null);
      Integer port = n.has("port") ? r.integer(n, p, "port", 1) : null;
      RuleAction action = r.choice(n, "action", ACTIONS, null);
      boolean protocolKnown = PROTOCOLS.containsKey(n.path("protocol").asText());
      ModbusFilter modbus = null;
      if (protocolKnown && (n.has("functionCodes") || n.has("ranges"))) {
        if (protocol != Protocol.MODBUS) {
          r.problem(
              p,
              "has functionCodes or ranges but protocol " + Names.yaml(protocol) + ".",
              "Set protocol: modbus, or remove the Modbus filters.");
        } else {
          modbus = modbusFilter(n, p);
        }
      }
      OpcUaFilter opcua = null;
      if (protocolKnown && (n.has("services") || n.has("minSecurity"))) {
        if (protocol != Protocol.OPCUA) {
          r.problem(
              p,
              "has services or minSecurity but protocol " + Names.yaml(protocol) + ".",
              "Set protocol: opcua, or remove the OPC UA filters.");
        } else {
          Set<OpcUaService> services = EnumSet.noneOf(OpcUaService.class);
          r.list(
              n,
              p,
              "services",
              (sn, sp) -> {
                OpcUaService s = enumValue(sn, SERVICES);
                if (s != null) {
                  services.add(s);
                }
              });
          if (n.has("services") && n.get("services").isArray() && n.get("services").isEmpty()) {
            r.problem(
                p + ".services",
                "is empty (an empty list would allow every service).",
                "List the services to allow, or remove the rule.");
          }
          OpcUaMode mode = r.choice(n, "minSecurity", MODES, "none");
          opcua = new OpcUaFilter(services, mode);
        }
      }
      MqttFilter mqtt = null;
      if (protocolKnown && (n.has("topics") || n.has("direction"))) {
        if (protocol == Protocol.MQTTS) {
          r.problem(
              p,
              "has topics or direction, but mqtts carries MQTT inside TLS: a relay reads only the"
                  + " ClientHello, never a topic, so the rule could not hold.",
              "Remove the topics and direction (the rule then decides connections to the broker's"
                  + " TLS listener), or serve the broker in clear (posture mqtt: [mqtt]) where the"
                  + " conduit must judge topics, and use protocol: mqtt.");
        } else if (protocol != Protocol.MQTT) {
          r.problem(
              p,
              "has topics or direction but protocol " + Names.yaml(protocol) + ".",
              "Set protocol: mqtt, or remove the MQTT filters.");
        } else {
          mqtt = mqttFilter(n, p);
        }
      }
      if (modbus != null || opcua != null || mqtt != null) {
        if (action != RuleAction.ALLOW && n.has("action")) {
          r.problem(
              p, "filters only apply to allow rules.", "Remove the filters, or set action: allow.");
        }
      }
      if (r.problems().size() > before) {
        return null;
      }
      return new RuleSpec(id, from, to, protocol, port, action, modbus, opcua, mqtt);
    }

    /**
     * Two MQTT rules of which one allows publishing and the other subscribing: each decides what
     * the other cannot, so the later one is reachable (a gateway publishes values and subscribes to
     * commands over one connection).
     */
    private static boolean oppositeDirections(RuleSpec a, RuleSpec b) {
      return a.mqtt() != null
          && b.mqtt() != null
          && a.mqtt().direction() != MqttDirection.ANY
          && b.mqtt().direction() != MqttDirection.ANY
          && a.mqtt().direction() != b.mqtt().direction();
    }

    private @Nullable MqttFilter mqttFilter(JsonNode n, String p) {
      List<String> topics = new ArrayList<>();
      int before = r.problems().size();
      r.list(
          n,
          p,
          "topics",
          (tn, tp) -> {
            String t = tn == null ? "" : tn.asText();
            String problem = MqttFilter.filterProblem(t);
            if (problem != null) {
              r.problem(
                  tp,
                  "'" + t + "' " + problem + ".",
                  "Write an MQTT topic filter: levels joined by /, + for one level, # for the"
                      + " rest (last).");
            } else if (topics.contains(t)) {
              r.problem(tp, "'" + t + "' is listed twice.", "List each topic filter once.");
            } else {
              topics.add(t);
            }
          });
      if (n.has("topics") && n.get("topics").isArray() && n.get("topics").isEmpty()) {
        r.problem(
            p + ".topics",
            "is empty (an empty list would allow every topic).",
            "List the topic filters to allow, or remove the rule.");
      }
      MqttDirection direction = r.choice(n, "direction", DIRECTIONS, "any");
      return r.problems().size() > before ? null : new MqttFilter(topics, direction);
    }

    private ModbusFilter modbusFilter(JsonNode n, String p) {
      Set<Integer> fcs = new TreeSet<>();
      r.list(
          n,
          p,
          "functionCodes",
          (fn, fp) -> {
            if (fn == null || !fn.isIntegralNumber()) {
              r.problem(
                  fp,
                  (fn == null ? "empty" : fn.asText()) + " is not a Modbus function code.",
                  "Use one of " + ModbusFunctions.KNOWN + ".");
              return;
            }
            int fc = fn.asInt();
            if (!ModbusFunctions.isKnown(fc)) {
              r.problem(
                  fp,
                  fc + " is not a Modbus function code.",
                  "Use one of "
                      + ModbusFunctions.KNOWN
                      + " (1-4 read, 5, 6, 15, 16, 22, 23 write).");
            } else if (!fcs.add(fc)) {
              r.problem(fp, fc + " is listed twice.", "List each function code once.");
            }
          });
      if (n.has("functionCodes")
          && n.get("functionCodes").isArray()
          && n.get("functionCodes").isEmpty()) {
        r.problem(
            p + ".functionCodes",
            "is empty (an empty list would allow every function).",
            "List the function codes to allow, or remove the rule.");
      }
      List<RegisterRange> ranges = new ArrayList<>();
      r.list(
          n,
          p,
          "ranges",
          (rn, rp) -> {
            RegisterRange range = range(rn, rp);
            if (range != null) {
              ranges.add(range);
            }
          });
      if (n.has("ranges") && n.get("ranges").isArray() && n.get("ranges").isEmpty()) {
        r.problem(
            p + ".ranges",
            "is empty (an empty list would allow every address).",
            "List the address ranges to allow, or remove ranges.");
      }
      return new ModbusFilter(fcs, ranges);
    }

    /** {@code [first, last]} over every table, or {@code {table, first, last}} in one table. */
    private @Nullable RegisterRange range(JsonNode rn, String rp) {
      Table table = null;
      JsonNode firstNode;
      JsonNode lastNode;
      if (rn.isObject()) {
        if (!r.object(rn)) {
          return null;
        }
        String t = r.text(rn, rp, "table", null);
        table = TABLES.get(t);
        if (table == null && !t.isEmpty()) {
          r.problem(
              rp + ".table",
              "'" + t + "' is not a Modbus table.",
              "Use one of " + TABLES.keySet() + ".");
          return null;
        }
        firstNode = rn.get("first");
        lastNode = rn.get("last");
      } else if (rn.isArray() && rn.size() == 2) {
        firstNode = rn.get(0);
        lastNode = rn.get(1);
      } else {
        firstNode = null;
        lastNode = null;
      }
      if (firstNode == null
          || lastNode == null
          || !firstNode.isIntegralNumber()
          || !lastNode.isIntegralNumber()) {
        r.problem(
            rp,
            "must be a pair of addresses [first, last], or {table, first, last}.",
            "Write e.g. [0, 99] or {table: holding-register, first: 0, last: 9}.");
        return null;
      }
      long first = firstNode.asLong();
      long last = lastNode.asLong();
      if (first < 0 || last > 65535 || first > last) {
        r.problem(
            rp,
            "[" + first + ", " + last + "] is not a range within 0..65535.",
            "Give first <= last, both from 0 to 65535 (zero-based addresses).");
        return null;
      }
      return new RegisterRange((int) first, (int) last, table);
    }

    private Selector selector(JsonNode n, String p, String field) {
      String v = r.text(n, p, field, null);
      if (v.isEmpty()) {
        return Selector.ANY;
      }
      if (v.equals("any")) {
        return Selector.ANY;
      }
      String fp = Reader.join(p, field);
      if (v.startsWith("zone:")) {
        String z = v.substring(5);
        if (!zoneIds.contains(z)) {
          r.problem(fp, "'" + z + "' is not a zone.", "Use one of " + new TreeSet<>(zoneIds) + ".");
          return Selector.ANY;
        }
        return Selector.zone(z);
      }
      if (v.startsWith("host:")) {
        String h = v.substring(5);
        if (!hostIds.contains(h)) {
          r.problem(fp, "'" + h + "' is not a host.", "Use one of " + new TreeSet<>(hostIds) + ".");
          return Selector.ANY;
        }
        return Selector.host(h);
      }
      r.problem(
          fp,
          "'" + v + "' is not a source or destination.",
          "Write any, zone:<zone id> or host:<host id>.");
      return Selector.ANY;
    }

    private SensorSpec sensors(@Nullable JsonNode n) {
      if (n == null || n.isNull()) {
        return SensorSpec.NONE;
      }
      if (!r.object(n)) {
        return SensorSpec.NONE;
      }
      Set<String> taps = new LinkedHashSet<>();
      r.list(
          n,
          "sensors",
          "taps",
          (tn, tp) -> {
            String c = tn == null ? "" : tn.asText();
            if (!conduitIds.contains(c)) {
              r.problem(
                  tp,
                  "'" + c + "' is not a conduit.",
                  "Use one of " + new TreeSet<>(conduitIds) + ".");
            } else if (!taps.add(c)) {
              r.problem(tp, "'" + c + "' is listed twice.", "List each conduit once.");
            }
          });
      Set<String> spans = new LinkedHashSet<>();
      r.list(
          n,
          "sensors",
          "spans",
          (sn, sp) -> {
            String z = zoneRef(sn, sp);
            if (!z.isEmpty() && zoneIds.contains(z) && !spans.add(z)) {
              r.problem(sp, "'" + z + "' is listed twice.", "List each zone once.");
            }
          });
      return new SensorSpec(taps, spans);
    }

    private Map<String, String> entryPoints(@Nullable JsonNode n) {
      Map<String, String> out = new LinkedHashMap<>();
      if (n == null || n.isNull()) {
        return out;
      }
      if (!n.isObject()) {
        return out;
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        String p = "entryPoints." + e.getKey();
        if (e.getValue().isTextual() && !hostIds.contains(e.getValue().asText())) {
          r.problem(
              p,
              "'" + e.getValue().asText() + "' is not a host.",
              "Use one of " + new TreeSet<>(hostIds) + ".");
          continue;
        }
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }

    /** Every PLC and SIS of the plant runs on exactly one host of the matching role. */
    private void placement(PlantSpec plant, JsonNode root) {
      Map<String, List<Integer>> placed = new LinkedHashMap<>();
      JsonNode hostList = root.get("hosts");
      if (hostList == null || !hostList.isArray()) {
        return;
      }
      for (int i = 0; i < hostList.size(); i++) {
        JsonNode h = hostList.get(i);
        if (h == null
            || !h.isObject()
            || !h.has("controller")
            || !h.get("controller").isTextual()) {
          continue;
        }
        String role = h.path("role").asText();
        if (!role.equals("plc") && !role.equals("sis")) {
          continue; // reported at the host: only plc and sis hosts run a controller
        }
        String c = h.get("controller").asText();
        String p = "hosts[" + i + "].controller";
        var spec = plant.controller(c);
        if (spec.isEmpty()) {
          r.problem(
              p,
              "'" + c + "' is not a controller of plant " + plant.id() + ".",
              "Use one of "
                  + plant.controllers().stream().map(ControllerSpec::id).sorted().toList()
                  + ".");
          continue;
        }
        String want = spec.get().kind() == SoftPlc.Kind.SIS ? "sis" : "plc";
        if (!role.equals(want)) {
          r.problem(
              "hosts[" + i + "].role",
              "'" + c + "' is a " + want + " in the plant, but the host's role is " + role + ".",
              "Set role: " + want + ".");
        }
        placed.computeIfAbsent(c, k -> new ArrayList<>()).add(i);
      }
      for (ControllerSpec c : plant.controllers()) {
        List<Integer> at = placed.getOrDefault(c.id(), List.of());
        if (at.isEmpty()) {
          r.problem(
              "hosts",
              "no host runs "
                  + (c.kind() == SoftPlc.Kind.SIS ? "sis" : "plc")
                  + " '"
                  + c.id()
                  + "' of plant "
                  + plant.id()
                  + ".",
              "Add a host with role: "
                  + (c.kind() == SoftPlc.Kind.SIS ? "sis" : "plc")
                  + " and controller: "
                  + c.id()
                  + ".");
        } else if (at.size() > 1) {
          r.problem(
              "hosts",
              "'"
                  + c.id()
                  + "' runs on "
                  + at.size()
                  + " hosts ("
                  + at.stream().map(i -> "hosts[" + i + "]").collect(Collectors.joining(", "))
                  + ").",
              "Place each controller on exactly one host.");
        }
      }
    }
  }
}
