package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.network.ArchitectureSpec;
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
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Reachability.Grant;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The search of {@link Reachability} against the path enumerator it replaced ({@link
 * ExhaustiveReachability}, every simple path, no cap), on seeded random small architectures with
 * random conduits and rules (deny and allow, Modbus and OPC UA filters, multi-homed hosts): the
 * same accesses, the same best route and operations, and grants that let through exactly what all
 * routes together do, each on a route as short as the shortest that lets the same through.
 */
class ReachabilityDifferentialTest {

  private static final int[] FCS = {1, 2, 3, 4, 5, 6, 15, 16, 90};

  @Test
  void searchAgreesWithTheEnumeratorOnRandomArchitectures() {
    SplittableRandom rnd = new SplittableRandom(20261204);
    int compared = 0;
    int reachable = 0;
    int multiGrant = 0;
    for (int round = 0; round < 300; round++) {
      ArchitectureSpec spec = random(rnd);
      Reachability search = new Reachability(spec);
      ExhaustiveReachability reference = new ExhaustiveReachability(spec, Integer.MAX_VALUE);
      for (HostSpec from : spec.hosts()) {
        for (HostSpec to : spec.hosts()) {
          if (from == to) {
            continue;
          }
          for (Service s : Service.of(to)) {
            String what = "round " + round + " " + from.id() + ">" + to.id() + " " + s;
            Optional<Access> got = search.access(from.id(), to.id(), s);
            Optional<Access> want = reference.access(from.id(), to.id(), s);
            assertThat(got.isPresent()).as(what).isEqualTo(want.isPresent());
            compared++;
            if (want.isPresent()) {
              reachable++;
              multiGrant += got.get().grants().size() > 1 ? 1 : 0;
              same(what, got.get(), want.get());
            }
          }
        }
      }
    }
    // The random designs exercise what they should: reachable pairs, several largest operations.
    assertThat(compared).isGreaterThan(10_000);
    assertThat(reachable).isGreaterThan(compared / 10);
    assertThat(multiGrant).isGreaterThan(20);
  }

  private static void same(String what, Access got, Access want) {
    assertThat(got.best()).as(what + " best").isEqualTo(want.best());
    assertThat(got.writeCapable()).as(what + " write").isEqualTo(want.writeCapable());
    for (Grant w : want.grants()) {
      assertThat(got.grants())
          .as(what + ": some grant lets through what " + w.route() + " does")
          .anySatisfy(g -> assertThat(g.operations().includes(w.operations())).isTrue());
    }
    for (Grant g : got.grants()) {
      assertThat(want.grants()).as(what + " route " + g.route()).contains(g);
      int shortest =
          want.grants().stream()
              .filter(
                  w ->
                      w.operations().includes(g.operations())
                          && g.operations().includes(w.operations()))
              .mapToInt(w -> w.route().hops().size())
              .min()
              .orElseThrow();
      assertThat(g.route().hops()).as(what + " route " + g.route()).hasSize(shortest);
    }
  }

  /** 3 to 7 zones, 1 to 3 hosts each (some in two zones), random conduits and rule lists. */
  private static ArchitectureSpec random(SplittableRandom rnd) {
    Specs s = new Specs();
    int zones = 3 + rnd.nextInt(5);
    for (int z = 0; z < zones; z++) {
      s.zone("z" + z, z == 0 ? 4 : z == 1 ? 3.5 : rnd.nextInt(4), 1 + rnd.nextInt(3));
    }
    List<String> sels = new ArrayList<>(List.of("any", "any", "any", "any", "any"));
    for (int z = 0; z < zones; z++) {
      sels.add("zone:z" + z);
      int hosts = 1 + rnd.nextInt(3);
      for (int h = 0; h < hosts; h++) {
        String id = "h" + z + h;
        String[] in =
            rnd.nextInt(8) == 0 && zones > 1
                ? new String[] {"z" + z, "z" + ((z + 1 + rnd.nextInt(zones - 1)) % zones)}
                : new String[] {"z" + z};
        if (rnd.nextBoolean()) {
          Set<OpcUaMode> modes = EnumSet.noneOf(OpcUaMode.class);
          for (OpcUaMode m : OpcUaMode.values()) {
            if (rnd.nextInt(3) == 0) {
              modes.add(m);
            }
          }
          s.host(id, HostRole.PLC, new Posture(Set.of(), Credentials.STRONG, modes, false), in);
        } else {
          RemoteService r = rnd.nextBoolean() ? RemoteService.SSH : RemoteService.RDP;
          s.host(id, HostRole.JUMP_HOST, Specs.remote(Credentials.WEAK, r), in);
        }
        sels.add("host:" + id);
      }
    }
    int conduits = zones - 1 + rnd.nextInt(zones * (zones - 1) / 2 + 1);
    for (int c = 0; c < conduits; c++) {
      int a = rnd.nextInt(zones);
      int b = (a + 1 + rnd.nextInt(zones - 1)) % zones;
      List<RuleSpec> rules = new ArrayList<>();
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        rules.add(rule(rnd, "r" + i, sels));
      }
      s.conduit("c" + c, "z" + a, "z" + b, rules.toArray(RuleSpec[]::new));
    }
    return s.build();
  }

  private static RuleSpec rule(SplittableRandom rnd, String id, List<String> sels) {
    Protocol[] protocols = {
      Protocol.MODBUS,
      Protocol.MODBUS,
      Protocol.MODBUS,
      Protocol.OPCUA,
      Protocol.OPCUA,
      Protocol.ANY,
      Protocol.SSH
    };
    Protocol p = protocols[rnd.nextInt(protocols.length)];
    RuleAction action = rnd.nextInt(5) == 0 ? RuleAction.DENY : RuleAction.ALLOW;
    ModbusFilter modbus = null;
    OpcUaFilter opcua = null;
    if (action == RuleAction.ALLOW && p == Protocol.MODBUS && rnd.nextInt(3) > 0) {
      Set<Integer> fcs = new TreeSet<>();
      for (int fc : FCS) {
        if (rnd.nextBoolean()) {
          fcs.add(fc);
        }
      }
      List<RegisterRange> ranges = new ArrayList<>();
      int k = rnd.nextInt(3);
      for (int i = 0; i < k; i++) {
        int first = rnd.nextInt(10);
        Table t = rnd.nextBoolean() ? null : Table.values()[rnd.nextInt(Table.values().length)];
        ranges.add(new RegisterRange(first, first + rnd.nextInt(15), t));
      }
      modbus = new ModbusFilter(fcs, ranges);
    }
    if (action == RuleAction.ALLOW && p == Protocol.OPCUA && rnd.nextInt(3) > 0) {
      Set<OpcUaService> services = EnumSet.noneOf(OpcUaService.class);
      for (OpcUaService sv : OpcUaService.values()) {
        if (rnd.nextInt(3) == 0) {
          services.add(sv);
        }
      }
      opcua = new OpcUaFilter(services, OpcUaMode.values()[rnd.nextInt(OpcUaMode.values().length)]);
    }
    return new RuleSpec(
        id,
        Specs.sel(sels.get(rnd.nextInt(sels.size()))),
        Specs.sel(sels.get(rnd.nextInt(sels.size()))),
        p,
        null,
        action,
        modbus,
        opcua);
  }
}
