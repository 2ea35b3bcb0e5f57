package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import dev.otlab.scoring.arch.Reachability.Access;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fully meshed design with allow-any conduits, the worst case of the old path enumerator (it ran
 * a 2 GB heap out of memory at 20 zones): the analysis finishes at 30 zones and 300 hosts and says
 * what it should. How long it takes is {@link ReachabilityBenchmark}'s business. Also the bounds on
 * work and the cancellation.
 */
class MeshedArchitectureTest {

  @Test
  void thirtyMeshedZonesAreAnalysedAndEveryZoneReachesEveryOtherInOneHop() {
    ArchitectureSpec spec = Meshed.architecture(30, 10);
    Reachability reach = new Reachability(spec);
    // What CheckReport.of does, keeping the Reachability to read its work.
    CheckReport report =
        new CheckReport(
            spec, ArchitectureChecks.run(reach), reach.groups(), AttackPaths.compute(reach));
    assertThat(reach.steps()).isLessThan(Reachability.MAX_STEPS / 10);

    Set<String> zonePairs = new HashSet<>();
    for (Access a : report.accesses()) {
      HostSpec from = spec.host(a.from()).orElseThrow();
      HostSpec to = spec.host(a.to()).orElseThrow();
      boolean sameZone = from.zone().equals(to.zone());
      assertThat(a.best().route().hops()).hasSize(sameZone ? 0 : 1);
      assertThat(a.best().operations().unfiltered()).isTrue();
      assertThat(a.grants()).hasSize(1);
      zonePairs.add(from.zone() + ">" + to.zone());
    }
    assertThat(zonePairs).hasSize(30 * 30);
    // 150 PLCs (Modbus and OPC UA each), 30 jump hosts (ssh), 120 workstations (nothing served):
    // every host reaches every service of every other host.
    assertThat(report.accesses())
        .hasSize(150 * (149 * 2 + 30) + 30 * (150 * 2 + 29) + 120 * (150 * 2 + 30));

    List<AttackPath> paths = report.attackPaths();
    assertThat(paths).hasSize(2 * 150); // from the enterprise zone and the DMZ
    assertThat(paths).allSatisfy(p -> assertThat(p.reachable()).isTrue());
    assertThat(paths)
        .allSatisfy(
            p -> {
              String zone = spec.host(p.target()).orElseThrow().zone();
              assertThat(p.hops()).isEqualTo(zone.equals(p.origin()) ? 0 : 1);
              // Equally short: straight there, or via a jump host taken over in the target's zone.
              assertThat(p.steps().get(p.steps().size() - 1).to()).isEqualTo(p.target());
              assertThat(p.writeCapable()).isTrue();
            });
    assertThat(report.findings())
        .filteredOn(f -> f.id().equals("unenforced-path"))
        .hasSize(30 * 29 / 2);
    assertThat(report.findings()).filteredOn(f -> f.id().equals("it-ot-skips-dmz")).isNotEmpty();
  }

  @Test
  void tooMuchWorkIsAValidationErrorThatSaysWhatToReduce() {
    ArchitectureSpec spec = Meshed.architecture(6, 2);
    assertThatThrownBy(() -> new Reachability(spec, Reachability.MAX_STATES, 1_000).matrix())
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ARCHITECTURE_TOO_COMPLEX");
              assertThat(e.getMessage())
                  .contains("more than 1000 conduit crossings", "6 zones, 15 conduits");
              assertThat(e.remedy()).contains("Split it");
            });
    assertThatThrownBy(() -> new Reachability(spec, 3, Reachability.MAX_STEPS).matrix())
        .isInstanceOfSatisfying(
            OtlabException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ARCHITECTURE_TOO_COMPLEX");
              assertThat(e.getMessage()).contains("more than 3 combinations of zone");
            });
    // The defaults leave room: the 6-zone mesh needs a few thousand crossings.
    assertThat(new Reachability(spec).matrix()).isNotEmpty();
  }

  @Test
  void anInterruptedThreadStopsTheAnalysisAndKeepsItsInterruptFlag() {
    ArchitectureSpec spec = Meshed.architecture(8, 4);
    Reachability reach = new Reachability(spec);
    HostSpec plc =
        spec.hosts().stream().filter(h -> h.role() == HostRole.PLC).findFirst().orElseThrow();
    assertThat(reach.access("h7-0", plc.id(), Service.MODBUS)).isPresent();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> CheckReport.of(spec))
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("ANALYSIS_CANCELLED"));
      assertThatThrownBy(reach::matrix)
          .isInstanceOfSatisfying(
              OtlabException.class, e -> assertThat(e.code()).isEqualTo("ANALYSIS_CANCELLED"));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
