package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.Library;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.ConduitLog;
import dev.otlab.network.ConduitSpec;
import dev.otlab.network.HostSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ComposeFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String REFERENCE = "water-treatment-purdue-dmz-dpi";

  static List<String> architectures() {
    return Library.names("architectures");
  }

  private static String render(ArchitectureSpec a) {
    return new ComposeFile(new ContainerPlan(a), a.plant(), "10.231").render();
  }

  private static String live(ArchitectureSpec a) {
    return new ComposeFile(new ContainerPlan(a), a.plant(), "10.231").renderLive();
  }

  @Test
  void theCheckedInComposeFileIsTheGeneratedReferenceLab() throws Exception {
    String checkedIn = Files.readString(Path.of("..", "..", "docker-compose.yml"));
    assertThat(checkedIn)
        .as(
            "docker-compose.yml is out of date: regenerate it with ./otlab compose --architecture"
                + " %s --plant water-treatment -o docker-compose.yml",
            REFERENCE)
        .isEqualTo(render(ArchitectureLoader.load(REFERENCE)));
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void inTheLiveLabEveryZoneIsAnInternalNetworkWithoutTheHostAndEveryHostSitsInItsZonesOnly(
      String id) throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load(id);
    JsonNode file = YAML.readTree(live(a));
    JsonNode networks = file.get("networks");
    Set<String> subnets = new HashSet<>();
    for (var z : a.zones()) {
      JsonNode n = networks.get(ComposeFile.network(z.id()));
      assertThat(n.get("internal").asBoolean()).isTrue();
      assertThat(n.at("/driver_opts/com.docker.network.bridge.inhibit_ipv4").asText())
          .isEqualTo("true");
      assertThat(subnets.add(n.at("/ipam/config/0/subnet").asText())).isTrue();
    }
    JsonNode services = file.get("services");
    for (HostSpec h : a.hosts()) {
      JsonNode s = services.get(h.id());
      assertThat(names(s.get("networks")))
          .as("networks of %s", h.id())
          .containsExactlyElementsOf(h.zones().stream().map(ComposeFile::network).toList());
      assertThat(s.has("ports")).as("%s publishes nothing", h.id()).isFalse();
      assertThat(names(s.get("command"))).containsSubsequence("--role", ComposeFile.role(h));
    }
    for (ConduitSpec c : a.conduits()) {
      JsonNode s = services.get(ContainerPlan.gatewayName(c.id()));
      assertThat(names(s.get("networks")))
          .containsExactlyInAnyOrder(
              ComposeFile.network(c.zoneA()),
              ComposeFile.network(c.zoneB()),
              ComposeFile.MANAGEMENT);
    }
    JsonNode management = networks.get(ComposeFile.MANAGEMENT);
    assertThat(management.get("internal").asBoolean()).isTrue();
    assertThat(subnets.add(management.at("/ipam/config/0/subnet").asText())).isTrue();
    // Hosts (footholds above all) never reach the management network: only gateways and the
    // sensor, which only an architecture with tapped or logging conduits has, and which follows
    // those only.
    boolean watched =
        !a.sensors().tappedConduits().isEmpty()
            || a.conduits().stream().anyMatch(c -> c.log() != ConduitLog.NONE);
    int sensors = watched ? 1 : 0;
    if (sensors == 1) {
      assertThat(names(services.at("/sensor/networks"))).containsExactly(ComposeFile.MANAGEMENT);
      assertThat(names(services.at("/sensor/depends_on")))
          .containsExactlyElementsOf(ComposeFile.sensorGateways(a))
          .containsAll(ComposeFile.tappedGateways(a));
    } else {
      assertThat(services.has(ComposeFile.SENSOR)).isFalse();
    }
    // Hosts and gateways, plus the sensor and the dashboard: nothing else runs.
    assertThat(services.size()).isEqualTo(a.hosts().size() + a.conduits().size() + sensors + 1);
  }

  @Test
  void theLiveLabsDashboardIsPublishedOnLoopbackOnlyAndSharesNoNetworkWithTheLab()
      throws Exception {
    JsonNode file = YAML.readTree(live(ArchitectureLoader.load(REFERENCE)));
    JsonNode dashboard = file.at("/services/dashboard");
    assertThat(names(dashboard.get("networks"))).containsExactly("front");
    assertThat(names(dashboard.get("ports"))).singleElement().asString().startsWith("127.0.0.1:");
    file.get("services")
        .properties()
        .forEach(
            e -> {
              if (!e.getKey().equals(ComposeFile.DASHBOARD)) {
                assertThat(names(e.getValue().get("networks"))).doesNotContain("front");
              }
            });
  }

  @Test
  void inTheLiveLabClientsStartOnceTheGatewaysAndControllersAreHealthy() throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load(REFERENCE);
    JsonNode services = YAML.readTree(live(a)).get("services");
    JsonNode hmi = services.get("hmi-1");
    assertThat(names(hmi.get("depends_on"))).contains("gw-ops-control", "plc-intake", "sis-water");
    assertThat(hmi.at("/depends_on/plc-intake/condition").asText()).isEqualTo("service_healthy");
    assertThat(services.at("/plc-intake/healthcheck/test").toString())
        .contains(ComposeFile.READY_FILE);
    assertThat(services.get("plc-intake").has("depends_on")).isFalse();
  }

  @Test
  void inTheConvergedLiveLabTheIiotHostsRunTheirOperationsAndHostsServeOnTheirZonesOnly()
      throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load("water-treatment-converged");
    JsonNode services = YAML.readTree(live(a)).get("services");
    assertThat(names(services.at("/iiot-gw/command")))
        .containsSubsequence("--role", "iiot-gateway");
    assertThat(names(services.at("/cloud-app/command"))).containsSubsequence("--role", "cloud");
    // The broker is a server its clients wait for, and it listens on its zone address only.
    assertThat(names(services.at("/iiot-gw/depends_on"))).contains("broker");
    assertThat(names(services.at("/cloud-app/depends_on"))).contains("broker");
    assertThat(services.get("broker").has("depends_on")).isFalse();
    assertThat(names(services.at("/broker/command")))
        .containsSubsequence("--role", "attacker", "--zone-subnet", "iiot-dmz=10.231.5.0/24");
    // A host with a remote-access service gets its zone's subnet; one without, none.
    assertThat(names(services.at("/jump-1/command"))).contains("--zone-subnet");
    assertThat(names(services.at("/vendor-laptop/command"))).doesNotContain("--zone-subnet");
  }

  @Test
  void subnetsFollowThePrefixAndABadPrefixSaysWhatToGive() {
    ContainerPlan plan = new ContainerPlan(ArchitectureLoader.load(REFERENCE));
    assertThat(new ComposeFile(plan, "water-treatment", "10.99").subnets())
        .containsEntry("enterprise", "10.99.1.0/24")
        .containsEntry("safety", "10.99.5.0/24");
    assertThatThrownBy(() -> new ComposeFile(plan, "water-treatment", "10.300"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("'10.300' is not the first two octets");
  }

  @Test
  void aLabForRunsKeepsFootholdsOffEveryNetworkButTheirZonesAndTheirOwnLinkToTheRunner()
      throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load(REFERENCE);
    JsonNode file =
        YAML.readTree(
            new ComposeFile(new ContainerPlan(a), a.plant(), "10.231").renderForRuns("wt-recon"));
    JsonNode services = file.get("services");
    for (HostSpec h : a.hosts()) {
      List<String> expected =
          new ArrayList<>(h.zones().stream().map(ComposeFile::network).toList());
      String role = ComposeFile.role(h);
      expected.add(
          h.controller() != null
              ? ComposeFile.PROCESS
              : role.equals("attacker") ? ComposeFile.C2 : ComposeFile.OPS);
      assertThat(names(services.at("/" + h.id() + "/networks")))
          .as("networks of %s", h.id())
          .containsExactlyElementsOf(expected);
    }
    assertThat(names(services.at("/runner/networks")))
        .containsExactly(
            ComposeFile.MANAGEMENT, ComposeFile.PROCESS, ComposeFile.OPS, ComposeFile.C2);
    assertThat(services.at("/runner/restart").asText()).isEqualTo("no");
    assertThat(names(services.at("/runner/command")))
        .containsSubsequence("--process-subnet", "10.231.251.0/24");
    assertThat(names(services.at("/plc-intake/command")))
        .containsSubsequence("--process", "runner");
    assertThat(names(services.at("/ws-1/command")))
        .containsSubsequence("--role", "attacker", "--agent-subnet", "10.231.252.0/24");
    for (String n : List.of("management", "process", "ops", "c2")) {
      assertThat(file.at("/networks/" + n + "/internal").asBoolean()).isTrue();
    }
    assertThat(services.has(ComposeFile.SENSOR)).isFalse();
    assertThat(services.has(ComposeFile.DASHBOARD)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void inTheReferenceLabTheDashboardIsTheProcessNodeAndEachNetworkJoinsOnlyWhatItMust(String id)
      throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load(id);
    ComposeFile compose = new ComposeFile(new ContainerPlan(a), a.plant(), "10.231");
    JsonNode file = YAML.readTree(compose.render());
    JsonNode services = file.get("services");
    Map<String, Set<String>> members = new TreeMap<>();
    services
        .properties()
        .forEach(
            e ->
                names(e.getValue().get("networks"))
                    .forEach(
                        n -> members.computeIfAbsent(n, k -> new TreeSet<>()).add(e.getKey())));
    Set<String> fronts = new TreeSet<>();
    Set<String> ops = new TreeSet<>();
    Set<String> footholds = new TreeSet<>();
    for (HostSpec h : a.hosts()) {
      String role = ComposeFile.role(h);
      (h.controller() != null ? fronts : role.equals("attacker") ? footholds : ops).add(h.id());
      if (h.controller() != null) {
        assertThat(names(services.at("/" + h.id() + "/command")))
            .containsSubsequence("--process", ComposeFile.DASHBOARD);
      }
    }
    Set<String> gateways = new TreeSet<>();
    a.conduits().forEach(c -> gateways.add(ContainerPlan.gatewayName(c.id())));
    assertThat(members.get("front")).containsExactly(ComposeFile.DASHBOARD);
    assertThat(members.get(ComposeFile.MANAGEMENT))
        .containsExactlyInAnyOrderElementsOf(with(gateways, ComposeFile.DASHBOARD));
    // The controllers listen on the dashboard's process address: only the fronts share it.
    assertThat(members.get(ComposeFile.PROCESS))
        .containsExactlyInAnyOrderElementsOf(with(fronts, ComposeFile.DASHBOARD));
    assertThat(members.getOrDefault(ComposeFile.OPS, Set.of()))
        .containsExactlyInAnyOrderElementsOf(
            ops.isEmpty() ? Set.of() : with(ops, ComposeFile.DASHBOARD));
    assertThat(members.getOrDefault(ComposeFile.C2, Set.of()))
        .containsExactlyInAnyOrderElementsOf(
            footholds.isEmpty() ? Set.of() : with(footholds, ComposeFile.DASHBOARD));
    for (String n : List.of(ComposeFile.MANAGEMENT, ComposeFile.PROCESS, "ops", ComposeFile.C2)) {
      assertThat(file.at("/networks/" + n + "/internal").asBoolean()).as(n).isTrue();
    }
    JsonNode dashboard = services.get(ComposeFile.DASHBOARD);
    assertThat(names(dashboard.get("ports"))).singleElement().asString().startsWith("127.0.0.1:");
    assertThat(dashboard.at("/networks/front/ipv4_address").asText())
        .isEqualTo(compose.frontAddress())
        .isEqualTo(dashboard.at("/environment/QUARKUS_HTTP_HOST").asText());
    assertThat(dashboard.at("/environment/OTLAB_CONTAINERS_ARCHITECTURE").asText())
        .isEqualTo(a.id());
    assertThat(dashboard.at("/environment/OTLAB_CONTAINERS_PROCESS_SUBNET").asText())
        .isEqualTo(compose.processSubnet());
    Set<String> lab = new TreeSet<>(gateways);
    a.hosts().forEach(h -> lab.add(h.id()));
    assertThat(names(dashboard.get("depends_on"))).containsExactlyInAnyOrderElementsOf(lab);
    assertThat(services.has(ComposeFile.RUNNER)).isFalse();
    assertThat(services.has(ComposeFile.SENSOR)).isFalse();
  }

  /**
   * The stack file of the reference lab is the compose lab's services on the compose lab's networks
   * and subnets, each with the same command; what a swarm does differently is all it changes.
   */
  @Test
  void theStackLabIsTheReferenceLabOnEncryptedInternalOverlaysWithOwnAddressesAndSites()
      throws Exception {
    ArchitectureSpec a = ArchitectureLoader.load(REFERENCE);
    ComposeFile lab = new ComposeFile(new ContainerPlan(a), a.plant(), "10.231");
    JsonNode compose = YAML.readTree(lab.render());
    JsonNode stack = YAML.readTree(lab.renderStack(ComposeFile.SITE_LABEL));

    assertThat(stack.path("version").asText()).startsWith("3.");
    assertThat(names(stack.get("services"))).isEqualTo(names(compose.get("services")));
    assertThat(names(stack.get("networks"))).isEqualTo(names(compose.get("networks")));
    stack
        .get("networks")
        .properties()
        .forEach(
            e -> {
              String n = e.getKey();
              JsonNode net = e.getValue();
              assertThat(net.path("driver").asText()).as(n).isEqualTo("overlay");
              assertThat(net.at("/ipam/config/0/subnet").asText())
                  .as(n)
                  .isEqualTo(compose.at("/networks/" + n + "/ipam/config/0/subnet").asText());
              if (n.equals("front")) {
                // Not internal: the dashboard's task needs its docker_gwbridge address.
                assertThat(net.path("internal").asBoolean()).isFalse();
              } else {
                assertThat(net.path("internal").asBoolean()).as(n).isTrue();
                assertThat(net.at("/driver_opts/encrypted").asText()).as(n).isEqualTo("true");
              }
            });
    stack
        .get("services")
        .properties()
        .forEach(
            e -> {
              String name = e.getKey();
              JsonNode svc = e.getValue();
              JsonNode was = compose.at("/services/" + name);
              // A swarm builds nothing, keeps no start order, and has no dns_opt.
              assertThat(names(svc)).as(name).doesNotContain("build", "depends_on", "restart");
              assertThat(svc.path("image").asText()).isEqualTo(was.path("image").asText());
              assertThat(svc.at("/deploy/endpoint_mode").asText()).as(name).isEqualTo("dnsrr");
              // dns_opt's short timeout, which a stack file cannot give, through the resolver's
              // environment instead.
              assertThat(svc.at("/environment/RES_OPTIONS").asText())
                  .as(name)
                  .isEqualTo(String.join(" ", names(was.get("dns_opt"))));
              assertThat(svc.at("/deploy/restart_policy/condition").asText()).isEqualTo("any");
              assertThat(new TreeSet<>(names(svc.get("networks"))))
                  .as(name)
                  .isEqualTo(new TreeSet<>(names(was.get("networks"))));
              List<String> constraints = names(svc.at("/deploy/placement/constraints"));
              if (name.equals(ComposeFile.DASHBOARD)) {
                assertThat(constraints).containsExactly("node.role == manager");
              } else {
                assertThat(svc.get("command")).as(name).isEqualTo(was.get("command"));
                assertThat(svc.get("healthcheck")).as(name).isEqualTo(was.get("healthcheck"));
                assertThat(constraints).containsExactly("node.labels.otlab.site == main");
              }
            });
    JsonNode dashboard = stack.at("/services/dashboard");
    assertThat(dashboard.at("/ports/0/mode").asText()).isEqualTo("host");
    assertThat(dashboard.at("/ports/0/target").asInt()).isEqualTo(8080);
    assertThat(dashboard.at("/environment/OTLAB_CONTAINERS_PROCESS_SUBNET").asText())
        .isEqualTo(lab.processSubnet());
    assertThat(dashboard.has("environment/QUARKUS_HTTP_HOST")).isFalse();
    // It chooses its address outside the lab's networks, then runs the image's own entry point.
    String script = names(dashboard.get("entrypoint")).get(2);
    assertThat(script).contains("case $$a in 10.231.*)");
    String dockerfile = Files.readString(Path.of("..", "..", "docker", "dashboard", "Dockerfile"));
    String entry =
        dockerfile.substring(dockerfile.indexOf("ENTRYPOINT [")).replaceAll("\\\\\s*\n\\s*", "");
    List<String> image =
        names(YAML.readTree(entry.substring("ENTRYPOINT ".length(), entry.indexOf(']') + 1)));
    assertThat(script).endsWith("exec " + String.join(" ", image));
  }

  /** A zone's site places its hosts, and the gateways of conduits that start there. */
  @Test
  void aZonesSitePlacesItsHostsAndGatewaysOnTheMachinesLabelledWithIt() throws Exception {
    String yaml =
        Files.readString(Path.of("..", "library", "architectures", REFERENCE + ".yaml"))
            .replace(
                "slt: 2, description: \"Basic control",
                "slt: 2, site: plant-floor, description: \"Basic control")
            .replace(
                "slt: 3, description: \"Safety",
                "slt: 3, site: plant-floor, description: \"Safety");
    ArchitectureSpec a = ArchitectureLoader.parse(REFERENCE, yaml);
    ComposeFile lab = new ComposeFile(new ContainerPlan(a), a.plant(), "10.231");
    assertThat(lab.sites()).containsExactly("main", "plant-floor");
    String text = lab.renderStack("site");
    assertThat(text).contains("docker node update --label-add site=plant-floor NODE");
    JsonNode services = YAML.readTree(text).get("services");
    Map<String, String> placed = new TreeMap<>();
    services
        .properties()
        .forEach(
            e ->
                placed.put(
                    e.getKey(), e.getValue().at("/deploy/placement/constraints/0").asText()));
    for (HostSpec h : a.hosts()) {
      String zone = h.zones().get(0);
      String site = zone.equals("control") || zone.equals("safety") ? "plant-floor" : "main";
      assertThat(placed.get(h.id())).as(h.id()).isEqualTo("node.labels.site == " + site);
    }
    // Conduits from operations down to the plant floor keep their gateway at operations' site.
    assertThat(placed.get("gw-ops-control")).isEqualTo("node.labels.site == main");
    assertThat(placed).containsEntry(ComposeFile.DASHBOARD, "node.role == manager");

    assertThatThrownBy(() -> lab.renderStack("bad label"))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "COMPOSE_SITE_LABEL_INVALID");
    assertThatThrownBy(
            () ->
                ArchitectureLoader.parse(
                    REFERENCE, yaml.replace("site: plant-floor", "site: Plant")))
        .hasMessageContaining("site");
    OwnFiles own = new OwnFiles("lab.library", List.of("plants/p.yaml"), "./otlab compose");
    assertThatThrownBy(
            () -> new ComposeFile(new ContainerPlan(a), a.plant(), "10.231", own).renderStack("s"))
        .isInstanceOf(OtlabException.class)
        .hasFieldOrPropertyWithValue("code", "COMPOSE_STACK_OWN_FILES");
  }

  @Test
  void composeSubnetsNeverOverlap() {
    ComposeFile c =
        new ComposeFile(
            new ContainerPlan(ArchitectureLoader.load(REFERENCE)), "water-treatment", "10.231");
    Set<String> all = new HashSet<>(c.subnets().values());
    for (String s :
        List.of(
            c.managementSubnet(),
            c.processSubnet(),
            c.opsSubnet(),
            c.c2Subnet(),
            c.frontSubnet())) {
      assertThat(all.add(s)).as(s).isTrue();
    }
  }

  private static Set<String> with(Set<String> set, String... more) {
    Set<String> out = new TreeSet<>(set);
    out.addAll(List.of(more));
    return out;
  }

  /** Field names of a mapping, or the texts of a sequence. */
  private static List<String> names(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(out::add);
    } else {
      node.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
