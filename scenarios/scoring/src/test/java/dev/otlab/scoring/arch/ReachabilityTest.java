package dev.otlab.scoring.arch;

import static dev.otlab.scoring.arch.Specs.allow;
import static dev.otlab.scoring.arch.Specs.deny;
import static dev.otlab.scoring.arch.Specs.modbus;
import static dev.otlab.scoring.arch.Specs.opcua;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.Credentials;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.OpcUaService;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RegisterRange;
import dev.otlab.network.RuleAction;
import dev.otlab.network.RuleSpec;
import dev.otlab.network.Selector;
import dev.otlab.scoring.arch.Reachability.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReachabilityTest {

  /** a - b - c in a line, one host each, plus a second host in a. */
  static Specs line() {
    return new Specs()
        .zone("a", 4, 1)
        .zone("b", 3.5, 2)
        .zone("c", 1, 2)
        .host("x", HostRole.WORKSTATION, "a")
        .host("x2", HostRole.WORKSTATION, "a")
        .host("y", HostRole.JUMP_HOST, "b")
        .host("plc", HostRole.PLC, "c");
  }

  @Test
  void firstMatchingRuleDecidesAndNoMatchIsDeny() {
    ArchitectureSpec s =
        line()
            .conduit(
                "ab",
                "a",
                "b",
                deny("no-x2", "host:x2", "any", Protocol.ANY),
                allow("a-rdp", "zone:a", "zone:b", Protocol.RDP),
                new RuleSpec(
                    "port",
                    Selector.ANY,
                    Selector.host("y"),
                    Protocol.ANY,
                    8080,
                    RuleAction.ALLOW,
                    null,
                    null))
            .build();
    ConduitSpec ab = s.conduit("ab").orElseThrow();
    HostSpec x = s.host("x").orElseThrow();
    HostSpec x2 = s.host("x2").orElseThrow();
    HostSpec y = s.host("y").orElseThrow();
    assertThat(Reachability.firstMatch(ab, x, y, Protocol.RDP, 3389))
        .map(RuleSpec::id)
        .hasValue("a-rdp");
    assertThat(Reachability.firstMatch(ab, x2, y, Protocol.RDP, 3389))
        .map(RuleSpec::id)
        .hasValue("no-x2");
    assertThat(Reachability.firstMatch(ab, x, y, Protocol.SSH, 22)).isEmpty();
    assertThat(Reachability.firstMatch(ab, x, y, Protocol.HTTP, 8080))
        .map(RuleSpec::id)
        .hasValue("port");
    assertThat(Reachability.firstMatch(ab, x, y, Protocol.RDP, 3390))
        .isEmpty(); // protocol rule on another port
  }

  @Test
  void sameZoneReachesEverythingDirectly() {
    Reachability r = new Reachability(line().host("plc2", HostRole.PLC, "c").build());
    Access a = r.access("plc", "plc2", Service.MODBUS).orElseThrow();
    assertThat(a.best().route().hops()).isEmpty();
    assertThat(a.best().operations().unfiltered()).isTrue();
    assertThat(a.writeCapable()).isTrue();
  }

  @Test
  void zonesWithoutAConduitCannotTalk() {
    Reachability r = new Reachability(line().build());
    assertThat(r.access("x", "y", Service.MODBUS)).isEmpty();
    assertThat(r.matrix()).allSatisfy(a -> assertThat(a.best().route().hops()).isEmpty());
  }

  @Test
  void routesCrossEveryConduitAndIntersectTheirFilters() {
    ArchitectureSpec s =
        line()
            .conduit(
                "ab",
                "a",
                "b",
                modbus(
                    "ab", "host:x", "host:plc", Set.of(3, 6, 16), List.of(new RegisterRange(0, 9))))
            .conduit(
                "bc",
                "b",
                "c",
                modbus(
                    "bc", "zone:a", "zone:c", Set.of(3, 16, 4), List.of(new RegisterRange(5, 20))))
            .build();
    Reachability r = new Reachability(s);
    Access a = r.access("x", "plc", Service.MODBUS).orElseThrow();
    assertThat(a.best().route().zones()).containsExactly("a", "b", "c");
    assertThat(a.best().route().hops())
        .extracting(Reachability.Hop::conduit)
        .containsExactly("ab", "bc");
    assertThat(a.best().operations().functionCodes()).containsExactly(3, 16);
    assertThat(a.best().operations().ranges()).containsExactly(new RegisterRange(5, 9));
    assertThat(a.describe()).isEqualTo("read/write FC 3,16 on 5..9");
    // x2 is not allowed by the first conduit.
    assertThat(r.access("x2", "plc", Service.MODBUS)).isEmpty();
  }

  @Test
  void disjointFiltersLeaveNothing() {
    ArchitectureSpec s =
        line()
            .conduit("ab", "a", "b", modbus("ab", "host:x", "host:plc", Set.of(3), List.of()))
            .conduit("bc", "b", "c", modbus("bc", "any", "host:plc", Set.of(6), List.of()))
            .build();
    assertThat(new Reachability(s).access("x", "plc", Service.MODBUS)).isEmpty();
  }

  @Test
  void aDenyOnAnyConduitOfTheRouteBlocks() {
    ArchitectureSpec s =
        line()
            .conduit("ab", "a", "b", allow("ab", "any", "any", Protocol.MODBUS))
            .conduit(
                "bc",
                "b",
                "c",
                deny("bc", "zone:a", "any", Protocol.ANY),
                allow("rest", "any", "any", Protocol.ANY))
            .build();
    Reachability r = new Reachability(s);
    assertThat(r.access("x", "plc", Service.MODBUS)).isEmpty();
    assertThat(r.access("y", "plc", Service.MODBUS)).isPresent();
  }

  @Test
  void opcUaNeedsAModeTheServerOffersAtOrAboveTheMinimum() {
    Posture noneOnly = new Posture(Set.of(), Credentials.STRONG, Set.of(OpcUaMode.NONE), true);
    ArchitectureSpec s =
        line()
            .host("plc2", HostRole.PLC, noneOnly, "c")
            .conduit(
                "ac",
                "a",
                "c",
                opcua(
                    "ua",
                    "zone:a",
                    "zone:c",
                    Set.of(OpcUaService.READ),
                    OpcUaMode.SIGN_AND_ENCRYPT))
            .build();
    Reachability r = new Reachability(s);
    Access hardened = r.access("x", "plc", Service.OPCUA).orElseThrow();
    assertThat(hardened.best().operations().minSecurity()).isEqualTo(OpcUaMode.SIGN_AND_ENCRYPT);
    // The filter names read only, but on the encrypted channel the relay cannot see the service
    // and passes a write as well: the session writes as far as the server lets it.
    assertThat(hardened.writeCapable()).isTrue();
    assertThat(hardened.best().operations().seenWrites()).isFalse();
    assertThat(r.access("x", "plc2", Service.OPCUA)).isEmpty();
  }

  @Test
  void dualHomedHostsDoNotForwardTraffic() {
    ArchitectureSpec s = line().host("bridge", HostRole.HISTORIAN, "a", "c").build();
    Reachability r = new Reachability(s);
    assertThat(r.access("bridge", "plc", Service.MODBUS)).isPresent();
    assertThat(r.access("x", "plc", Service.MODBUS)).isEmpty();
  }

  @Test
  void servicesOfHosts() {
    ArchitectureSpec s = line().build();
    assertThat(Service.of(s.host("plc").orElseThrow()))
        .containsExactly(Service.MODBUS, Service.OPCUA);
    assertThat(Service.of(s.host("x").orElseThrow())).isEmpty();
  }

  /**
   * Property, over seeded random conduit rule lists: appending a rule never takes access away
   * (earlier rules still decide first), and a leading deny-all on every conduit leaves only
   * same-zone access.
   */
  @Test
  void appendingRulesOnlyAddsAccessAndDenyAllLeavesOnlySameZone() {
    SplittableRandom rnd = new SplittableRandom(42);
    Protocol[] protocols = {Protocol.MODBUS, Protocol.OPCUA, Protocol.RDP, Protocol.ANY};
    RuleAction[] actions = RuleAction.values();
    for (int round = 0; round < 200; round++) {
      Specs base =
          new Specs().zone("z0", 4, 1).zone("z1", 3.5, 2).zone("z2", 3, 2).zone("z3", 1, 2);
      String[] zones = {"z0", "z1", "z2", "z3"};
      List<String> sels =
          new ArrayList<>(List.of("any", "zone:z0", "zone:z1", "zone:z2", "zone:z3"));
      for (int h = 0; h < 6; h++) {
        String z = zones[rnd.nextInt(zones.length)];
        HostRole role = rnd.nextBoolean() ? HostRole.PLC : HostRole.JUMP_HOST;
        Posture p =
            role == HostRole.PLC
                ? Specs.HARDENED
                : Specs.remote(Credentials.WEAK, dev.otlab.network.RemoteService.RDP);
        base.host("h" + h, role, p, z);
        sels.add("host:h" + h);
      }
      List<Specs> variants = new ArrayList<>();
      List<List<RuleSpec>> rules = new ArrayList<>();
      int[][] pairs = {{0, 1}, {1, 2}, {2, 3}, {0, 3}, {1, 3}};
      for (int c = 0; c < pairs.length; c++) {
        List<RuleSpec> rs = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          rs.add(
              new RuleSpec(
                  "r" + i,
                  Specs.sel(sels.get(rnd.nextInt(sels.size()))),
                  Specs.sel(sels.get(rnd.nextInt(sels.size()))),
                  protocols[rnd.nextInt(protocols.length)],
                  null,
                  actions[rnd.nextInt(actions.length)],
                  null,
                  null));
        }
        rules.add(rs);
      }
      int extraConduit = rnd.nextInt(pairs.length);
      RuleSpec extra =
          new RuleSpec(
              "extra",
              Specs.sel(sels.get(rnd.nextInt(sels.size()))),
              Specs.sel(sels.get(rnd.nextInt(sels.size()))),
              protocols[rnd.nextInt(protocols.length)],
              null,
              RuleAction.ALLOW,
              null,
              null);
      for (int v = 0; v < 3; v++) {
        Specs s = new Specs();
        s.zones.addAll(base.zones);
        s.hosts.addAll(base.hosts);
        for (int c = 0; c < pairs.length; c++) {
          List<RuleSpec> rs = new ArrayList<>(rules.get(c));
          if (v == 1 && c == extraConduit) {
            rs.add(extra);
          }
          if (v == 2) {
            rs.add(0, deny("all", "any", "any", Protocol.ANY));
          }
          s.conduit("c" + c, zones[pairs[c][0]], zones[pairs[c][1]], rs.toArray(RuleSpec[]::new));
        }
        variants.add(s);
      }
      List<String> before = keys(new Reachability(variants.get(0).build()).matrix());
      List<String> after = keys(new Reachability(variants.get(1).build()).matrix());
      assertThat(after).as("round %d", round).containsAll(before);
      Reachability closed = new Reachability(variants.get(2).build());
      assertThat(closed.matrix())
          .as("round %d", round)
          .allSatisfy(a -> assertThat(a.best().route().hops()).isEmpty());
    }
  }

  private static List<String> keys(List<Access> matrix) {
    return matrix.stream().map(a -> a.from() + ">" + a.to() + ">" + a.service()).toList();
  }
}
