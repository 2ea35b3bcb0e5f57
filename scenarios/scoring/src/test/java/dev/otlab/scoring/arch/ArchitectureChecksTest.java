package dev.otlab.scoring.arch;

import static dev.otlab.scoring.arch.Specs.allow;
import static dev.otlab.scoring.arch.Specs.deny;
import static dev.otlab.scoring.arch.Specs.modbus;
import static dev.otlab.scoring.arch.Specs.opcua;
import static dev.otlab.scoring.arch.Specs.remote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RemoteService;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each static check, triggered and not triggered, on small hand-built architectures. */
class ArchitectureChecksTest {

  /** A sound design: enterprise, DMZ, operations, control and safety, filtered and tapped. */
  static Specs base() {
    return new Specs()
        .zone("ent", 4, 1)
        .zone("dmz", 3.5, 2)
        .zone("ops", 3, 2)
        .zone("control", 1, 2)
        .zone("safety", 1, 3)
        .host("ws", HostRole.WORKSTATION, "ent")
        .host("jump", HostRole.JUMP_HOST, remote(Credentials.STRONG, RemoteService.RDP), "dmz")
        .host("hmi", HostRole.HMI, "ops")
        .host("plc", HostRole.PLC, "control")
        .host("sis", HostRole.SIS, "safety")
        .conduit("ent-dmz", "ent", "dmz", allow("ws-jump", "host:ws", "host:jump", Protocol.RDP))
        .conduit(
            "ops-control",
            "ops",
            "control",
            modbus("hmi", "host:hmi", "host:plc", Set.of(3, 6), List.of(new RegisterRange(0, 9))))
        .conduit(
            "ops-safety",
            "ops",
            "safety",
            modbus("hmi-sis", "host:hmi", "host:sis", Set.of(3), List.of()))
        .tap("ent-dmz")
        .tap("ops-control")
        .tap("ops-safety")
        .entry("internet", "ws");
  }

  static List<Finding> only(List<Finding> all, String id) {
    return all.stream().filter(f -> f.id().equals(id)).toList();
  }

  @Test
  void soundDesignHasOnlyLowFindings() {
    List<Finding> f = ArchitectureChecks.run(base().build());
    assertThat(f).allSatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));
    assertThat(f)
        .extracting(Finding::id)
        .containsExactlyInAnyOrder("write-into-control", "sis-reachable");
    assertThat(ArchitectureChecks.hasHigh(f)).isFalse();
  }

  @Test
  void unenforcedPath_conduitThatAllowsEverything() {
    ArchitectureSpec open =
        base()
            .conduit("ent-ops", "ent", "ops", allow("all", "any", "any", Protocol.ANY))
            .tap("ent-ops")
            .build();
    List<Finding> f = ArchitectureChecks.unenforcedPaths(open);
    assertThat(f)
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).contains("conduit:ent-ops");
              assertThat(x.fix()).isNotBlank();
            });
    ArchitectureSpec guarded =
        base()
            .conduit(
                "ent-ops",
                "ent",
                "ops",
                deny("no-plc", "any", "zone:control", Protocol.ANY),
                allow("all", "any", "any", Protocol.ANY))
            .build();
    assertThat(ArchitectureChecks.unenforcedPaths(guarded)).isEmpty();
  }

  @Test
  void unenforcedPath_dualHomedHost() {
    ArchitectureSpec noConduit =
        base().host("bridge", HostRole.HISTORIAN, "ent", "control").build();
    assertThat(ArchitectureChecks.unenforcedPaths(noConduit))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).containsExactly("host:bridge", "zone:ent", "zone:control");
            });
    ArchitectureSpec beside = base().host("bridge", HostRole.HISTORIAN, "ops", "control").build();
    assertThat(ArchitectureChecks.unenforcedPaths(beside))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    assertThat(ArchitectureChecks.unenforcedPaths(base().build())).isEmpty();
  }

  @Test
  void skipsDmz_directConduitFromEnterpriseToControl() {
    ArchitectureSpec direct =
        base()
            .conduit(
                "ent-control",
                "ent",
                "control",
                allow("ws-plc", "host:ws", "host:plc", Protocol.MODBUS))
            .build();
    assertThat(ArchitectureChecks.skipsDmz(new Reachability(direct)))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements())
                  .contains(
                      "zone:ent", "zone:control", "rule:ent-control/ws-plc", "host:ws", "host:plc");
            });
    // The same flow through the DMZ (two conduits, both allowing it) passes the check.
    ArchitectureSpec viaDmz =
        base()
            .conduit(
                "ent-dmz2", "ent", "dmz", allow("ws-plc", "host:ws", "host:plc", Protocol.MODBUS))
            .conduit(
                "dmz-control",
                "dmz",
                "control",
                allow("ws-plc", "host:ws", "host:plc", Protocol.MODBUS))
            .build();
    assertThat(new Reachability(viaDmz).access("ws", "plc", Service.MODBUS)).isPresent();
    assertThat(ArchitectureChecks.skipsDmz(new Reachability(viaDmz))).isEmpty();
    // A conduit that exists but allows nothing is no path.
    ArchitectureSpec closed =
        base()
            .conduit("ent-control", "ent", "control", deny("none", "any", "any", Protocol.ANY))
            .build();
    assertThat(ArchitectureChecks.skipsDmz(new Reachability(closed))).isEmpty();
  }

  @Test
  void skipsDmz_remoteAccessZoneAndItHostsInControl() {
    ArchitectureSpec vendor =
        base()
            .zone("vendor", 3, 1)
            .host("laptop", HostRole.VENDOR_REMOTE, "vendor")
            .conduit(
                "vendor-control",
                "vendor",
                "control",
                allow("v", "host:laptop", "zone:control", Protocol.OPCUA))
            .build();
    assertThat(ArchitectureChecks.skipsDmz(new Reachability(vendor)))
        .singleElement()
        .satisfies(x -> assertThat(x.elements()).contains("zone:vendor", "rule:vendor-control/v"));
    ArchitectureSpec wsInControl = base().host("office", HostRole.WORKSTATION, "control").build();
    assertThat(ArchitectureChecks.skipsDmz(new Reachability(wsInControl)))
        .singleElement()
        .satisfies(x -> assertThat(x.elements()).containsExactly("host:office", "zone:control"));
  }

  @Test
  void anyRules() {
    ArchitectureSpec anyAny =
        base().conduit("x", "ent", "ops", allow("r", "any", "any", Protocol.MODBUS)).build();
    assertThat(ArchitectureChecks.anyRules(anyAny))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).containsExactly("rule:x/r");
            });
    ArchitectureSpec anyPort =
        base().conduit("x", "ent", "ops", allow("r", "host:ws", "host:hmi", Protocol.ANY)).build();
    assertThat(ArchitectureChecks.anyRules(anyPort))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    ArchitectureSpec denyAll =
        base().conduit("x", "ent", "ops", deny("r", "any", "any", Protocol.ANY)).build();
    assertThat(ArchitectureChecks.anyRules(denyAll)).isEmpty();
    assertThat(ArchitectureChecks.anyRules(base().build())).isEmpty();
  }

  @Test
  void writesIntoControl_severityFollowsTheFilter() {
    ArchitectureSpec unfiltered =
        base()
            .conduit(
                "c2", "ent", "control", allow("w", "zone:ent", "zone:control", Protocol.MODBUS))
            .build();
    assertThat(only(ArchitectureChecks.writesIntoControl(unfiltered), "write-into-control"))
        .filteredOn(x -> x.elements().contains("rule:c2/w"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.HIGH));
    ArchitectureSpec noRanges =
        base()
            .conduit(
                "c2",
                "ent",
                "control",
                modbus("w", "host:ws", "host:plc", Set.of(3, 16), List.of()))
            .build();
    assertThat(ArchitectureChecks.writesIntoControl(noRanges))
        .filteredOn(x -> x.elements().contains("rule:c2/w"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    // The base design's HMI rule: one host, FC 3 and 6, registers 0..9: a reviewed path, LOW.
    assertThat(ArchitectureChecks.writesIntoControl(base().build()))
        .filteredOn(x -> x.elements().contains("rule:ops-control/hmi"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));
    ArchitectureSpec readOnly =
        base()
            .conduit(
                "c2",
                "ent",
                "control",
                modbus("r", "zone:ent", "zone:control", Set.of(3, 4), List.of()),
                opcua(
                    "u",
                    "zone:ent",
                    "zone:control",
                    Set.of(OpcUaService.READ, OpcUaService.BROWSE),
                    OpcUaMode.NONE))
            .build();
    // Read-only Modbus is no write; the read-only OPC UA filter also lets SignAndEncrypt through
    // to the PLC, which offers it, and there a write passes unseen.
    assertThat(ArchitectureChecks.writesIntoControl(readOnly))
        .noneMatch(x -> x.elements().contains("rule:c2/r"))
        .filteredOn(x -> x.elements().contains("rule:c2/u"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    ArchitectureSpec uaWrite =
        base()
            .conduit(
                "c2",
                "ops",
                "control",
                opcua(
                    "u",
                    "host:hmi",
                    "zone:control",
                    Set.of(OpcUaService.WRITE),
                    OpcUaMode.SIGN_AND_ENCRYPT),
                opcua("v", "zone:ops", "zone:control", Set.of(OpcUaService.CALL), OpcUaMode.SIGN))
            .build();
    List<Finding> ua = ArchitectureChecks.writesIntoControl(uaWrite);
    assertThat(ua)
        .filteredOn(x -> x.elements().contains("rule:c2/u"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));
    assertThat(ua)
        .filteredOn(x -> x.elements().contains("rule:c2/v"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    // Writes from inside the zone itself are not "from outside".
    ArchitectureSpec inside =
        base()
            .host("plc2", HostRole.PLC, "control")
            .conduit("c2", "ops", "control", allow("w", "host:plc2", "host:plc", Protocol.MODBUS))
            .build();
    assertThat(ArchitectureChecks.writesIntoControl(inside))
        .noneMatch(x -> x.elements().contains("rule:c2/w"));
  }

  @Test
  void sisReachable() {
    ArchitectureSpec writes =
        base()
            .conduit(
                "ops-safety2",
                "ops",
                "safety",
                allow("w", "zone:ops", "zone:safety", Protocol.MODBUS))
            .build();
    // ops-safety (read only) decides first for the HMI; a second conduit between the same zones is
    // another route.
    assertThat(ArchitectureChecks.sisReachable(new Reachability(writes)))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).contains("host:sis", "host:hmi", "rule:ops-safety2/w");
            });
    assertThat(ArchitectureChecks.sisReachable(new Reachability(base().build())))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));
    Specs none = base();
    none.conduits.removeIf(c -> c.id().equals("ops-safety"));
    assertThat(ArchitectureChecks.sisReachable(new Reachability(none.build()))).isEmpty();
  }

  @Test
  void sisSharedZone() {
    assertThat(
            ArchitectureChecks.sisSharedZone(
                base().host("eng", HostRole.ENGINEERING_WS, "safety").build()))
        .singleElement()
        .satisfies(
            x -> assertThat(x.elements()).containsExactly("host:sis", "zone:safety", "host:eng"));
    assertThat(
            ArchitectureChecks.sisSharedZone(base().host("sis2", HostRole.SIS, "safety").build()))
        .isEmpty();
  }

  @Test
  void insecureOpcUa() {
    Posture none =
        new Posture(
            Set.of(),
            Credentials.STRONG,
            Set.of(OpcUaMode.NONE, OpcUaMode.SIGN_AND_ENCRYPT),
            false);
    Posture anonymous =
        new Posture(Set.of(), Credentials.STRONG, Set.of(OpcUaMode.SIGN_AND_ENCRYPT), true);
    assertThat(
            ArchitectureChecks.insecureOpcUa(
                base().host("plc2", HostRole.PLC, none, "control").build()))
        .singleElement()
        .satisfies(
            x ->
                assertThat(x.message()).contains("security mode None").doesNotContain("anonymous"));
    assertThat(
            ArchitectureChecks.insecureOpcUa(
                base().host("plc2", HostRole.PLC, anonymous, "control").build()))
        .singleElement()
        .satisfies(x -> assertThat(x.message()).contains("anonymous sessions"));
    // SL-T 1 zones do not require message security.
    assertThat(
            ArchitectureChecks.insecureOpcUa(
                base().host("plc2", HostRole.PLC, none, "ent").build()))
        .isEmpty();
    assertThat(ArchitectureChecks.insecureOpcUa(base().build())).isEmpty();
  }

  @Test
  void weakCredentials() {
    ArchitectureSpec dflt =
        base()
            .host(
                "eng",
                HostRole.ENGINEERING_WS,
                remote(Credentials.DEFAULT, RemoteService.RDP),
                "ops")
            .conduit("dmz-ops", "dmz", "ops", allow("j", "host:jump", "host:eng", Protocol.RDP))
            .build();
    assertThat(ArchitectureChecks.weakCredentials(new Reachability(dflt)))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).containsExactly("host:eng", "host:jump");
            });
    ArchitectureSpec weak =
        base()
            .host(
                "eng", HostRole.ENGINEERING_WS, remote(Credentials.WEAK, RemoteService.RDP), "ops")
            .conduit("dmz-ops", "dmz", "ops", allow("j", "host:jump", "host:eng", Protocol.RDP))
            .build();
    assertThat(ArchitectureChecks.weakCredentials(new Reachability(weak)))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.MEDIUM));
    // Not reachable from a lower-trust zone: nothing to report.
    ArchitectureSpec unreachable =
        base()
            .host(
                "eng",
                HostRole.ENGINEERING_WS,
                remote(Credentials.DEFAULT, RemoteService.RDP),
                "ops")
            .build();
    assertThat(ArchitectureChecks.weakCredentials(new Reachability(unreachable))).isEmpty();
    // In one flat zone, the internet entry point's host is the lower-trust source.
    ArchitectureSpec flat =
        new Specs()
            .zone("lan", 2, 2)
            .host("ws", HostRole.WORKSTATION, "lan")
            .host("hmi", HostRole.HMI, remote(Credentials.DEFAULT, RemoteService.VNC), "lan")
            .entry("internet", "ws")
            .build();
    assertThat(ArchitectureChecks.weakCredentials(new Reachability(flat)))
        .singleElement()
        .satisfies(x -> assertThat(x.elements()).containsExactly("host:hmi", "host:ws"));
  }

  @Test
  void unmonitoredConduits() {
    Specs s = base().conduit("extra", "ent", "ops", deny("none", "any", "any", Protocol.ANY));
    assertThat(ArchitectureChecks.unmonitoredConduits(s.build()))
        .singleElement()
        .satisfies(x -> assertThat(x.elements()).containsExactly("conduit:extra"));
    assertThat(ArchitectureChecks.unmonitoredConduits(s.span("ops").build())).isEmpty();
  }

  @Test
  void bridgingHosts() {
    assertThat(
            ArchitectureChecks.bridgingHosts(
                base().host("hist", HostRole.HISTORIAN, "ops", "ent").build()))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements()).containsExactly("host:hist", "zone:ops", "zone:ent");
            });
    assertThat(
            ArchitectureChecks.bridgingHosts(
                base().host("hist", HostRole.HISTORIAN, "ops", "dmz").build()))
        .isEmpty();
  }

  @Test
  void runSortsMostSevereFirst() {
    ArchitectureSpec bad =
        base().conduit("x", "ent", "control", allow("all", "any", "any", Protocol.ANY)).build();
    List<Finding> f = ArchitectureChecks.run(bad);
    assertThat(f).extracting(Finding::severity).isSortedAccordingTo(Enum::compareTo);
    assertThat(ArchitectureChecks.hasHigh(f)).isTrue();
    assertThat(f)
        .extracting(Finding::id)
        .contains(
            "unenforced-path",
            "any-any-rule",
            "it-ot-skips-dmz",
            "write-into-control",
            "sis-reachable",
            "unmonitored-conduit");
  }

  @Test
  void deadRules_portsNoHostOffersSelectorsWithoutHostsAndShadowedRules() {
    assertThat(ArchitectureChecks.deadRules(new Reachability(base().build()))).isEmpty();
    ArchitectureSpec spec =
        base()
            .zone("vendor", 4, 1)
            .conduit(
                "c2",
                "ops",
                "control",
                // HTTPS to the PLC: no host offers it.
                new RuleSpec(
                    "https",
                    Specs.sel("host:hmi"),
                    Specs.sel("host:plc"),
                    Protocol.HTTP,
                    443,
                    RuleAction.ALLOW,
                    null,
                    null),
                // A zone with no host in it.
                allow("ghost", "zone:vendor", "host:plc", Protocol.MODBUS),
                // Everything first, then a narrower allow and a deny that never get a word in.
                allow("all", "host:hmi", "host:plc", Protocol.MODBUS),
                modbus("narrow", "host:hmi", "host:plc", Set.of(3), List.of()),
                deny("late-deny", "host:hmi", "host:plc", Protocol.MODBUS),
                // A filtered allow followed by a deny that refuses the rest: both decide.
                modbus("reads", "zone:ops", "host:sis", Set.of(3), List.of()),
                deny("rest", "zone:ops", "host:sis", Protocol.MODBUS))
            .build();
    List<Finding> dead = ArchitectureChecks.deadRules(new Reachability(spec));
    assertThat(dead).extracting(Finding::id).containsOnly("dead-rule");
    assertThat(dead)
        .extracting(f -> f.elements().get(0))
        .containsExactlyInAnyOrder(
            "rule:c2/https", "rule:c2/ghost", "rule:c2/narrow", "rule:c2/late-deny");
    assertThat(dead)
        .filteredOn(f -> f.elements().contains("rule:c2/https"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.message()).contains("http on port 443");
              assertThat(f.severity()).isEqualTo(Severity.LOW);
              assertThat(f.elements()).contains("zone:ops", "zone:control");
            });
    assertThat(dead)
        .filteredOn(f -> f.elements().contains("rule:c2/ghost"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("zone:vendor names no host"));
    assertThat(dead)
        .filteredOn(f -> f.elements().contains("rule:c2/late-deny"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.message()).contains("earlier rules decide everything it matches (all)");
            });
    // check and check --json report them with the rest.
    CheckReport report = CheckReport.of(spec);
    assertThat(report.findings()).extracting(Finding::id).contains("dead-rule");
    assertThat(report.toJson(new com.fasterxml.jackson.databind.ObjectMapper()).toString())
        .contains("\"id\":\"dead-rule\"");
  }

  @Test
  void writeFindingsNameOnlyTheZonesTheConduitJoins() {
    ArchitectureSpec spec =
        base()
            .zone("vendor", 4, 1)
            .host("laptop", HostRole.VENDOR_REMOTE, "vendor")
            .conduit("vendor-dmz", "vendor", "dmz", allow("any", "any", "any", Protocol.MODBUS))
            .build();
    assertThat(ArchitectureChecks.writesIntoControl(spec))
        .noneMatch(f -> f.elements().contains("rule:vendor-dmz/any"));
    assertThat(ArchitectureChecks.writesIntoControl(spec))
        .allSatisfy(
            f ->
                assertThat(f.elements())
                    .filteredOn(e -> e.startsWith("zone:"))
                    .allSatisfy(e -> assertThat(e).isIn("zone:control", "zone:safety")));
  }

  /**
   * The SIS and the PLC offer Sign only: the conduit sees every OPC UA service on every channel.
   */
  static final Posture SIGN_ONLY =
      new Posture(Set.of(), Credentials.STRONG, Set.of(OpcUaMode.SIGN), false);

  @Test
  void unenforceableFilter_readOnlyOpcUaOnChannelsTheServerMayEncrypt() {
    RuleSpec sisRead =
        opcua(
            "ua",
            "host:hmi",
            "host:sis",
            Set.of(OpcUaService.BROWSE, OpcUaService.READ),
            OpcUaMode.SIGN);
    ArchitectureSpec encrypted = base().conduit("ops-safety-ua", "ops", "safety", sisRead).build();
    assertThat(ArchitectureChecks.unenforceableFilters(encrypted))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.id()).isEqualTo("unenforceable-filter");
              assertThat(x.severity()).isEqualTo(Severity.HIGH);
              assertThat(x.elements())
                  .containsExactly(
                      "rule:ops-safety-ua/ua", "conduit:ops-safety-ua", "zone:safety", "host:sis");
              assertThat(x.message())
                  .contains("Rule ua of conduit ops-safety-ua")
                  .contains("write, call, subscribe pass there as well")
                  .contains("opens writes to the SIS sis");
              assertThat(x.fix())
                  .contains("minSecurity: sign")
                  .contains("user role")
                  .contains("drop the service filter");
            });
    // check equals enforcement: the relay passes an encrypted write, so the access writes, the SIS
    // finding is high and the reachability table says so.
    Reachability reach = new Reachability(encrypted);
    Reachability.Access a = reach.access("hmi", "sis", Service.OPCUA).orElseThrow();
    assertThat(a.writeCapable()).isTrue();
    assertThat(a.unseen()).isTrue();
    assertThat(a.best().operations().seenWrites()).isFalse();
    // The SIS offers SignAndEncrypt only: what passes on Sign channels carries nothing.
    assertThat(a.describe()).isEqualTo("any service unseen (sign-and-encrypt)");
    assertThat(ArchitectureChecks.sisReachable(reach))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.HIGH));
    assertThat(ArchitectureChecks.writesIntoControl(encrypted))
        .filteredOn(x -> x.elements().contains("rule:ops-safety-ua/ua"))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));

    // Into a PLC rather than a SIS: medium.
    RuleSpec plcRead =
        opcua(
            "ua",
            "host:hmi",
            "host:plc",
            Set.of(OpcUaService.BROWSE, OpcUaService.READ, OpcUaService.SUBSCRIBE),
            OpcUaMode.SIGN_AND_ENCRYPT);
    assertThat(
            ArchitectureChecks.unenforceableFilters(
                base().conduit("ops-control-ua", "ops", "control", plcRead).build()))
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(x.message()).contains("write, call pass there as well");
              assertThat(x.elements()).contains("host:plc");
            });

    // The servers offer Sign only: the filter holds, nothing writes, the SIS access is read-only.
    Specs signedSpecs = base();
    signedSpecs.hosts.removeIf(h -> h.id().equals("sis"));
    ArchitectureSpec signed =
        signedSpecs
            .host("sis", HostRole.SIS, SIGN_ONLY, "safety")
            .conduit("ops-safety-ua", "ops", "safety", sisRead)
            .build();
    assertThat(ArchitectureChecks.unenforceableFilters(signed)).isEmpty();
    Reachability signedReach = new Reachability(signed);
    Reachability.Access s = signedReach.access("hmi", "sis", Service.OPCUA).orElseThrow();
    assertThat(s.writeCapable()).isFalse();
    assertThat(s.unseen()).isFalse();
    assertThat(s.describe()).isEqualTo("browse,read (sign)");
    assertThat(ArchitectureChecks.sisReachable(signedReach))
        .singleElement()
        .satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.LOW));

    // A filter that lists every service promises nothing it cannot hold; no filter at all is
    // write-into-control's business.
    RuleSpec everything =
        opcua("ua", "host:hmi", "host:plc", Set.of(OpcUaService.values()), OpcUaMode.SIGN);
    assertThat(
            ArchitectureChecks.unenforceableFilters(
                base().conduit("ops-control-ua", "ops", "control", everything).build()))
        .isEmpty();
    assertThat(
            ArchitectureChecks.unenforceableFilters(
                base()
                    .conduit(
                        "ops-control-ua",
                        "ops",
                        "control",
                        allow("ua", "host:hmi", "host:plc", Protocol.OPCUA))
                    .build()))
        .isEmpty();
    assertThat(ArchitectureChecks.run(encrypted))
        .extracting(Finding::id)
        .contains("unenforceable-filter");
  }

  @Test
  void aGatewaysWriteBackIsAFindingNamingWhoCanPublishCommands() throws Exception {
    java.nio.file.Path design =
        java.nio.file.Path.of("../lab/src/test/resources/architectures/water-treatment-iiot.yaml");
    String yaml = java.nio.file.Files.readString(design);
    // As designed: only the cloud application may publish on the command topics.
    assertThat(ArchitectureChecks.run(dev.otlab.library.ArchitectureLoader.parse("iiot", yaml)))
        .filteredOn(f -> f.id().equals("iiot-write-back"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.elements())
                  .containsExactly(
                      "host:cloud-app", "host:broker", "host:iiot-gw", "host:plc-dosing");
              assertThat(f.message()).contains("{plc-dosing=[chlorine_sp]}", "wt/+/+/set");
            });
    // With the rest of MQTT across ops-iiot let through, the HMI can command too.
    String open =
        yaml.replace(
            "{id: mqtt-rest, from: any, to: any, protocol: mqtt, action: reject}",
            "{id: mqtt-rest, from: any, to: any, protocol: mqtt, action: allow}");
    assertThat(ArchitectureChecks.run(dev.otlab.library.ArchitectureLoader.parse("open", open)))
        .filteredOn(f -> f.id().equals("iiot-write-back"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.elements()).contains("host:cloud-app", "host:hmi-1");
            });
  }

  @Test
  void topicRulesAreBlindWhereTheirHostsReachTheBrokersTlsListener() throws Exception {
    String yaml =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(
                "../lab/src/test/resources/architectures/water-treatment-iiot.yaml"));
    // The broker also listens over TLS, and ops-iiot lets the gateway's zone reach it there.
    String tls =
        yaml.replace(
                "{id: broker, zone: iiot-dmz, role: mqtt-broker,",
                "{id: broker, zone: iiot-dmz, role: mqtt-broker, posture: {mqtt: [mqtt, mqtts]},")
            .replace(
                "      - {id: mqtt-rest,",
                "      - {id: ops-tls, from: zone:operations, to: host:broker, protocol: mqtts,"
                    + " action: allow}\n      - {id: mqtt-rest,");
    assertThat(tls).contains("ops-tls", "[mqtt, mqtts]");
    Reachability reach = new Reachability(dev.otlab.library.ArchitectureLoader.parse("tls", tls));
    Reachability.Access hmi =
        reach.access("hmi-1", "broker", new Service(Protocol.MQTTS, 8883)).orElseThrow();
    assertThat(hmi.writeCapable()).isTrue();
    assertThat(hmi.describe()).contains("any topic unseen");
    // In clear the topic rules keep the HMI out; over TLS nothing does.
    assertThat(reach.access("hmi-1", "broker", Service.MQTT)).isEmpty();
    assertThat(ArchitectureChecks.mqttTopicsBlindOnTls(reach))
        .extracting(f -> f.elements().get(0) + " " + f.severity())
        .containsExactlyInAnyOrder(
            "rule:ops-iiot/gw-values HIGH", "rule:ops-iiot/gw-commands HIGH");
    assertThat(ArchitectureChecks.mqttTopicsBlindOnTls(reach))
        .first()
        .satisfies(
            f -> {
              assertThat(f.message())
                  .contains(
                      "iiot-gw reaches broker's MQTT over TLS too (port 8883)",
                      "holds in clear only");
              assertThat(f.fix()).contains("mqtts rule", "posture mqtt: [mqtt]", "access list");
            });
    assertThat(ArchitectureChecks.iiotWriteBack(reach))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.elements()).contains("host:hmi-1", "host:iiot-gw");
            });
    // The design as it is, in clear only: nothing blind.
    assertThat(
            ArchitectureChecks.mqttTopicsBlindOnTls(
                new Reachability(dev.otlab.library.ArchitectureLoader.parse("iiot", yaml))))
        .isEmpty();
  }
}
