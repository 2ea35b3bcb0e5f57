package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.scoring.arch.Reachability.Access;
import dev.otlab.scoring.arch.Reachability.AccessGroup;
import dev.otlab.testkit.PurdueArchitecture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The static checks of a 400-host site ({@link PurdueArchitecture}): the same findings and the same
 * reachability as the analysis before hosts alike were grouped, every one of them in exactly one
 * group, and a report whose size follows the groups rather than the hosts.
 */
class LargeSiteCheckTest {

  /**
   * Every finding and every access of the site, one line each, sorted, as SHA-256: recorded with
   * the analysis that listed all 718 findings and all 136,838 accesses one by one (before this
   * change: no classes, no groups). A change to a check's message or to the generator changes them
   * on purpose; the failure prints the new value.
   */
  static final String FINDINGS_SHA256 =
      "07c789af58540aad7307980d274b01069db56e44751bb92fa90c9f8af8b8567a";

  static final String ACCESSES_SHA256 =
      "b4e9bc9887a491b40b3e03709cbf5e7af1f819b0c50e1fef7685fcb6cb62f9bb";

  static ArchitectureSpec spec;
  static CheckReport report;

  @BeforeAll
  static void check() {
    spec = ArchitectureLoader.parse("purdue-400-hosts", PurdueArchitecture.yaml());
    report = CheckReport.of(spec);
  }

  @Test
  void theFindingsAreTheOnesListedOneByOneBefore() throws Exception {
    assertThat(spec.hosts()).hasSize(400);
    List<String> lines =
        report.findings().stream()
            .map(
                f ->
                    f.severity().name()
                        + "|"
                        + f.id()
                        + "|"
                        + f.message()
                        + "|"
                        + String.join(",", f.elements())
                        + "|"
                        + f.fix())
            .sorted()
            .toList();
    assertThat(lines).hasSize(718);
    assertThat(sha256(lines)).isEqualTo(FINDINGS_SHA256);
    assertThat(report.passed()).isFalse();
  }

  @Test
  void theGroupsHoldEveryFindingOnceAndOnlyFindingsAlike() {
    List<FindingGroup> groups = report.groups();
    List<Finding> regrouped = new ArrayList<>();
    groups.forEach(g -> regrouped.addAll(g.findings()));
    assertThat(regrouped).containsExactlyInAnyOrderElementsOf(report.findings());
    assertThat(groups).hasSize(49);
    for (FindingGroup g : groups) {
      assertThat(g.findings())
          .allSatisfy(
              f -> {
                assertThat(f.id()).isEqualTo(g.id());
                assertThat(f.severity()).isEqualTo(g.severity());
                assertThat(FindingGroup.cause(f)).isEqualTo(FindingGroup.cause(g.first()));
              });
    }
    // Groups of different causes stay apart: no two groups share one.
    assertThat(groups.stream().map(g -> FindingGroup.cause(g.first())).distinct())
        .hasSameSizeAs(groups);
    // The HMIs of a cell offer OPC UA None and anonymous sessions: one finding per host, one group
    // per zone (the plant's PLCs in cell-1 share the server defaults, so they join theirs).
    FindingGroup cell2 =
        groups.stream()
            .filter(g -> g.id().equals("opcua-insecure") && g.message().contains("zone cell-2"))
            .findFirst()
            .orElseThrow();
    List<String> cell2Hmis =
        IntStream.rangeClosed(1, PurdueArchitecture.HOSTS_PER_CELL / 2)
            .mapToObj(i -> "host:hmi-2-" + i)
            .toList();
    assertThat(cell2.count()).isEqualTo(cell2Hmis.size());
    assertThat(cell2.elements()).containsAll(cell2Hmis).contains("zone:cell-2");
    assertThat(cell2.examples()).hasSize(FindingGroup.EXAMPLES);
    assertThat(cell2.distinct(cell2.findings().get(1))).containsExactly("host:hmi-2-2");
    // Every host of the first cell reads the SIS the same way: one finding each, one group.
    FindingGroup sis =
        groups.stream().filter(g -> g.id().equals("sis-reachable")).findFirst().orElseThrow();
    assertThat(groups.stream().filter(g -> g.id().equals("sis-reachable"))).hasSize(1);
    assertThat(sis.count()).isEqualTo(PurdueArchitecture.HOSTS_PER_CELL);
    assertThat(sis.severity()).isEqualTo(Severity.LOW);
  }

  @Test
  void theGroupedMatrixStandsForTheAccessesListedOneByOneBefore() throws Exception {
    List<Access> accesses = report.accesses();
    List<String> lines =
        accesses.stream()
            .map(
                a ->
                    a.from()
                        + "|"
                        + a.to()
                        + "|"
                        + a.service()
                        + "|"
                        + a.writeCapable()
                        + "|"
                        + a.describe()
                        + "|"
                        + a.grants().stream()
                            .map(g -> g.route() + "=" + g.operations().describe(a.serverModes()))
                            .collect(Collectors.joining(";")))
            .sorted()
            .toList();
    assertThat(lines).hasSize(136_838).doesNotHaveDuplicates();
    assertThat(sha256(lines)).isEqualTo(ACCESSES_SHA256);
    assertThat(report.reachability().stream().mapToLong(AccessGroup::pairs).sum())
        .isEqualTo(accesses.size());
    assertThat(report.reachability()).hasSizeLessThan(1_000);
  }

  @Test
  void theJsonHasOneEntryPerGroupWithItsCount() {
    JsonNode json = report.toJson(new ObjectMapper());
    assertThat(json.toString().length()).isLessThan(1_000_000);
    JsonNode findings = json.get("findings");
    assertThat(findings).hasSize(report.groups().size());
    int total = 0;
    for (JsonNode f : findings) {
      total += f.get("count").asInt();
      assertThat(f.get("examples") == null).isEqualTo(f.get("count").asInt() == 1);
    }
    assertThat(total).isEqualTo(report.findings().size());
    assertThat(json.get("counts").get("high").asLong()).isEqualTo(report.count(Severity.HIGH));
    long pairs = 0;
    for (JsonNode r : json.get("reachability")) {
      pairs += r.get("pairs").asLong();
      assertThat(r.get("from").asText()).isEqualTo(r.get("fromHosts").get(0).asText());
      assertThat(r.get("to").asText()).isEqualTo(r.get("toHosts").get(0).asText());
    }
    assertThat(pairs).isEqualTo(136_838);
  }

  static String sha256(List<String> lines) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    d.update(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d.digest());
  }
}
