package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.otlab.cli.OwnSite;
import dev.otlab.lab.PlaybookEngine;
import dev.otlab.lab.ResponseRecord;
import dev.otlab.lab.RunTrace;
import dev.otlab.lab.RunVerdict;
import dev.otlab.lab.ScenarioRun;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.DetectionLoader;
import dev.otlab.library.PlaybookLoader;
import dev.otlab.library.ScenarioLoader;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.testkit.Command;
import dev.otlab.testkit.RequiresDocker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario runs across the container lab give the verdicts of the embedded lab: for three scenarios
 * on three architectures (one of them seen through a span port only), the same steps blocked at the
 * same conduits, the same objective outcome and the same detected techniques, with the same seed.
 * Each architecture's lab for runs ({@code otlab compose --for-runs}) is brought up once with
 * docker-compose; each scenario is one {@code docker-compose run} of the runner. A PLC container
 * killed in the middle of a run shows as a lost device, and the run still ends with a verdict. Two
 * defended runs respond across the containers as the embedded runs do: one through new conduit
 * rules at the gateways and an operator's write, the other with every other response (a kill at the
 * gateways; accounts, SIS, program and safe states in the runner). A lab of a user's own plant,
 * architecture and scenario, from a folder outside the library, plays as the same files do
 * embedded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresDocker(compose = true)
class ContainerRunIT {

  // The flat one has no conduit at all: what its sensor sees comes from its span port only. The
  // converged one carries the convergence paths: remote sessions through the DMZ's jump host, the
  // vendor's maintenance sessions, and the IIoT path through its MQTT broker's container.
  private static final List<String> ARCHITECTURES =
      List.of(
          "water-treatment-purdue-dmz-dpi",
          "water-treatment-purdue-dmz",
          "water-treatment-flat",
          "water-treatment-converged");
  private static final List<String> SCENARIOS =
      List.of("wt-recon", "wt-brute-force-pump", "wt-chlorine-setpoint");
  private static final List<String> CONVERGED_SCENARIOS =
      List.of("wt-office-ransomware-dosing", "wt-vendor-session-hijack", "wt-cloud-retune-dosing");
  private static final Duration RUN = Duration.ofMinutes(8);

  @TempDir static Path pki;

  static Stream<Arguments> runs() {
    List<Arguments> out = new ArrayList<>();
    for (String a : ARCHITECTURES) {
      for (String s : scenarios(a)) {
        out.add(Arguments.of(a, s));
      }
    }
    return out.stream();
  }

  private static List<String> scenarios(String architecture) {
    return architecture.equals("water-treatment-converged") ? CONVERGED_SCENARIOS : SCENARIOS;
  }

  private static @Nullable Lab current;

  @BeforeAll
  static void check() {
    ContainerLab.image();
  }

  /** Architecture {@code i}'s lab, up and healthy. */
  private static Lab up(int i) throws Exception {
    return up(lab(i));
  }

  /**
   * A lab, up and healthy; one lab at a time, so runs do not compete with a lab they do not use for
   * this machine's cores.
   */
  private static Lab up(Lab lab) throws Exception {
    if (lab.equals(current)) {
      return lab;
    }
    if (current != null) {
      current.compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
      current = null;
    }
    lab.compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
    long start = System.nanoTime();
    lab.compose(List.of("up", "-d", "--no-build", "--scale", "runner=0"), Duration.ofMinutes(4));
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(lab::healthy);
    current = lab;
    System.out.printf(
        Locale.ROOT,
        "MEASURE lab for runs of %s up and healthy in %.1f s%n",
        lab.architecture(),
        (System.nanoTime() - start) / 1e9);
    return lab;
  }

  @AfterAll
  static void down() throws Exception {
    if (current != null) {
      current.compose(List.of("down", "-v", "--remove-orphans"), Duration.ofMinutes(2));
      current = null;
    }
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("runs")
  @Order(3)
  void aRunAcrossTheContainersHasTheVerdictOfTheEmbeddedRun(String architecture, String scenario)
      throws Exception {
    Lab lab = up(ARCHITECTURES.indexOf(architecture));
    long start = System.nanoTime();
    String out = lab.compose(lab.runner(scenario), RUN);
    System.out.printf(
        Locale.ROOT,
        "MEASURE %s on %s across containers in %.1f s%n",
        scenario,
        architecture,
        (System.nanoTime() - start) / 1e9);
    RunVerdict containers = verdict(out);
    RunVerdict embedded =
        RunVerdict.of(
            new ScenarioRun(
                    ScenarioLoader.load(scenario),
                    ArchitectureLoader.load(architecture),
                    new ScenarioRun.Options(
                        1, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")))
                .run());
    assertThat(containers.steps()).as(out).isEqualTo(embedded.steps());
    assertThat(containers.objectiveReached()).as(out).isEqualTo(embedded.objectiveReached());
    assertThat(containers.blockedAt()).as(out).isEqualTo(embedded.blockedAt());
    assertThat(containers.detected()).as(out).isEqualTo(embedded.detected());
    assertThat(containers.lost()).as(out).isEmpty();
    // A remote-service session is a real one across the gateways here, as embedded: never the
    // rule matcher's judgement of a session nobody opened.
    assertThat(out).doesNotContain("modelled pivot");
  }

  /**
   * A defended run on the lab already up: the over-eager playbook closes ops-control and isolates
   * both ends of every alert, so the gateways take new rules at run time. Every response is done
   * (the gateways confirmed it), with the actions, the denials by response rules at each conduit
   * and the benign work each host lost of the embedded run with the same playbook and seed, and the
   * same verdict.
   */
  @Test
  @Order(2)
  void aDefendedRunRespondsThroughTheGatewaysAsTheEmbeddedRunDoes() throws Exception {
    String architecture = ARCHITECTURES.get(0);
    String scenario = "wt-brute-force-pump";
    String playbook = "wt-isolate-on-any-alert";
    Lab lab = up(0);
    List<String> args = new ArrayList<>(lab.runner(scenario));
    // The second playbook answers the pump write with an operator action through the HMI.
    String operator = "wt-contain-it-pivot";
    args.addAll(List.of("--playbook", playbook, "--playbook", operator));
    long start = System.nanoTime();
    String out = lab.compose(args, RUN);
    System.out.printf(
        Locale.ROOT,
        "MEASURE %s on %s defended by %s across containers in %.1f s%n",
        scenario,
        architecture,
        playbook,
        (System.nanoTime() - start) / 1e9);
    ScenarioRun run =
        new ScenarioRun(
            ScenarioLoader.load(scenario),
            ArchitectureLoader.load(architecture),
            new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")));
    run.defendedBy(
        new PlaybookEngine(PlaybookLoader.load(playbook)),
        new PlaybookEngine(PlaybookLoader.load(operator)));
    RunTrace trace = run.run();
    RunVerdict embedded = RunVerdict.of(trace);
    RunVerdict containers = verdict(out);
    assertThat(containers.steps()).as(out).isEqualTo(embedded.steps());
    assertThat(containers.objectiveReached()).as(out).isEqualTo(embedded.objectiveReached());
    assertThat(containers.blockedAt()).as(out).isEqualTo(embedded.blockedAt());
    assertThat(containers.detected()).as(out).isEqualTo(embedded.detected());

    // The same responses, each done: the gateways applied every change (a refusal would name a
    // gateway that did not answer).
    List<String> responses =
        out.lines()
            .filter(l -> l.startsWith("RESPONSE t="))
            .map(l -> l.substring(l.indexOf(' ', "RESPONSE t=".length())))
            .toList();
    assertThat(trace.responses()).isNotEmpty();
    assertThat(responses).as(out).hasSameSizeAs(trace.responses());
    for (ResponseRecord r : trace.responses()) {
      String asked =
          " " + r.who() + " " + r.action().describe() + (r.done() ? " done: " : " refused: ");
      assertThat(responses).as(out).anyMatch(l -> l.startsWith(asked));
    }
    assertThat(responses)
        .as(out)
        .noneMatch(l -> l.contains("did not confirm") || l.contains("did not apply"));
    assertThat(trace.responses())
        .extracting(r -> r.action().kind())
        .contains("tighten-conduit", "isolate-host", "operator");

    // What the responses denied, where, and the benign work it cost: the embedded run's, rule for
    // rule (the rules' names carry the time they were written, which the lab clock may place a
    // scan apart across containers).
    List<String> effects =
        out.lines()
            .filter(l -> l.startsWith("RESPONSE-DENIED ") || l.startsWith("BENIGN-DENIED "))
            .map(ContainerRunIT::withoutTimesAndCounts)
            .distinct()
            .toList();
    List<String> expected =
        dev.otlab.cli.NodeCommand.defenceLines(trace).stream()
            .map(ContainerRunIT::withoutTimesAndCounts)
            .distinct()
            .toList();
    // The gateways denied with the responses' rules (connections a reload closed, and new ones);
    // the HMI, isolated, lost its polls of the SIS, which only the isolation denies (ops-safety
    // stays open to everyone else).
    assertThat(expected)
        .contains(
            "RESPONSE-DENIED conduit=ops-control rule=response:tighten-conduit subject=CONNECTION",
            "RESPONSE-DENIED conduit=ops-safety rule=response:isolate-host subject=CONNECTION")
        .anyMatch(
            l -> l.startsWith("BENIGN-DENIED actor=hmi-1 target=sis-water conduit=ops-safety"))
        .noneMatch(l -> l.startsWith("BENIGN-DENIED actor=historian target=sis-water"));
    assertThat(effects).as(out).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * A second defended run, on the Purdue/DMZ lab: a phished office account pivots through the jump
   * host to the engineering workstation, bypasses the SIS and downloads an inverted level
   * controller to plc-intake, all across the gateways; a playbook on the clock then answers with
   * the responses the first defended run does not take, and at 160 s the stolen accounts are tried
   * once more. Each response is carried out as in the embedded run with the same seed, where it
   * acts: the kill at the gateways (each confirmed it, and only the HMI's connections to plc-intake
   * were cut), the accounts, the SIS, the program and the safe states in the runner, on what the
   * attack changed there through the gateways.
   */
  @Test
  @Order(5)
  void theOtherResponsesActOnTheContainerLabAsOnTheEmbeddedLab() throws Exception {
    String architecture = "water-treatment-purdue-dmz";
    // Test files, not library ones: the runner reads them where the test mounts them.
    Path files =
        Path.of(
            java.util.Objects.requireNonNull(ContainerRunIT.class.getResource("/" + RESPONSES))
                .toURI());
    String scenario = "wt-it-pivot-then-responses.yaml";
    String playbook = "wt-it-every-response.yaml";
    Lab lab = up(ARCHITECTURES.indexOf(architecture));
    List<String> args = new ArrayList<>(lab.runner(IN_RUNNER + "/" + scenario));
    args.addAll(args.indexOf("-T") + 1, List.of("-v", files + ":" + IN_RUNNER + ":ro"));
    args.addAll(List.of("--playbook", IN_RUNNER + "/" + playbook));
    long start = System.nanoTime();
    String out = lab.compose(args, RUN);
    System.out.printf(
        Locale.ROOT,
        "MEASURE %s on %s defended by %s across containers in %.1f s%n",
        scenario,
        architecture,
        playbook,
        (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    RunTrace trace =
        new ScenarioRun(
                ScenarioLoader.load(files.resolve(scenario).toString()),
                ArchitectureLoader.load(architecture),
                new ScenarioRun.Options(1, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")))
            .defendedBy(new PlaybookEngine(PlaybookLoader.load(files.resolve(playbook).toString())))
            .run();
    System.out.printf(
        Locale.ROOT,
        "MEASURE %s on %s defended by %s embedded in %.1f s%n",
        scenario,
        architecture,
        playbook,
        (System.nanoTime() - start) / 1e9);
    RunVerdict embedded = RunVerdict.of(trace);
    RunVerdict containers = verdict(out);
    assertThat(containers.steps()).as(out).isEqualTo(embedded.steps());
    assertThat(containers.objectiveReached()).as(out).isEqualTo(embedded.objectiveReached());
    assertThat(containers.blockedAt()).as(out).isEqualTo(embedded.blockedAt());
    assertThat(containers.detected()).as(out).isEqualTo(embedded.detected());

    // The attack got through the gateways, so the responses undo something real; the accounts,
    // reset and disabled in between, then refuse the stolen copies where the rules let the
    // sessions through.
    assertThat(containers.steps())
        .as(out)
        .filteredOn(s -> s.outcome().equals("SUCCEEDED"))
        .extracting(RunVerdict.Step::step)
        .containsExactly(
            "rdp-jump", "harvest-jump", "rdp-eng", "bypass-sis", "program-mode", "download");
    assertThat(step(out, "rdp-jump-again"))
        .contains("T0859 FAILED")
        .contains("the password of account office-user was reset at t=")
        .contains("the copy opens nothing");
    assertThat(step(out, "rdp-eng-again"))
        .contains("T0859 FAILED")
        .contains("account eng-admin was disabled at t=");

    // Every response of the embedded run, in the same order, done or refused alike; each one the
    // runner carries out reads and changes the same controller and account state, so it says the
    // same, effects and all (the CRC of plc-intake's downloaded program, the bypass the attacker
    // set on sis-water, the outputs held).
    List<String> responses =
        out.lines()
            .filter(l -> l.startsWith("RESPONSE t="))
            .map(l -> l.substring(l.indexOf(' ', "RESPONSE t=".length()) + 1))
            .toList();
    assertThat(trace.responses())
        .extracting(r -> r.action().kind() + (r.done() ? "" : " refused"))
        .containsExactly(
            "kill-connections",
            "reset-sis",
            "restore-program",
            "reset-credential",
            "disable-account",
            "safe-state",
            "safe-state",
            "safe-state refused");
    assertThat(responses).as(out).hasSameSizeAs(trace.responses());
    for (int i = 0; i < responses.size(); i++) {
      ResponseRecord r = trace.responses().get(i);
      String line = responses.get(i);
      if (r.action() instanceof dev.otlab.library.ResponseAction.KillConnections) {
        // At the gateways: every one confirmed the kill, or the record would be refused with the
        // gateways that did not; what was cut is the HMI's connections to plc-intake only, while
        // its polls of the other controllers and the historian's collection go on.
        assertThat(line)
            .as(out)
            .startsWith(r.who() + " " + r.action().describe() + " done: closed ")
            .doesNotContain("did not confirm")
            .doesNotContain("did not apply");
        List<String> effects =
            List.of(line.substring(line.indexOf(" | ") + " | ".length()).split(" \\| "));
        assertThat(effects)
            .as(out)
            .isNotEmpty()
            .allMatch(e -> e.startsWith("closed live connection hmi-1>plc-intake:MODBUS@"));
      } else {
        assertThat(line)
            .as(out)
            .isEqualTo(
                r.who()
                    + " "
                    + r.action().describe()
                    + (r.done() ? " done: " : " refused: ")
                    + r.result()
                    + (r.effects().isEmpty() ? "" : " | " + String.join(" | ", r.effects())));
      }
    }
    assertThat(trace.responses())
        .filteredOn(r -> r.action().kind().equals("restore-program"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.result()).contains("restored from the golden copy");
              assertThat(r.effects()).anyMatch(e -> e.startsWith("program CRC "));
            });
    assertThat(trace.responses())
        .filteredOn(r -> r.action().kind().equals("reset-sis"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.effects())
                    .contains(
                        "bypass sis_bypass cleared: trips raw_high_trip, treated_high_trip are live"));

    // What the kill denied, where, and the benign work it cost: the embedded run's.
    List<String> effects =
        out.lines()
            .filter(l -> l.startsWith("RESPONSE-DENIED ") || l.startsWith("BENIGN-DENIED "))
            .map(ContainerRunIT::withoutTimesAndCounts)
            .distinct()
            .toList();
    List<String> expected =
        dev.otlab.cli.NodeCommand.defenceLines(trace).stream()
            .map(ContainerRunIT::withoutTimesAndCounts)
            .distinct()
            .toList();
    assertThat(expected)
        .anyMatch(
            l -> l.startsWith("RESPONSE-DENIED conduit=ops-control rule=response:kill-connections"))
        .noneMatch(l -> l.startsWith("BENIGN-DENIED") && !l.contains("target=plc-intake"));
    assertThat(effects).as(out).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static final String RESPONSES = "container-responses";
  private static final String IN_RUNNER = "/otlab-it";

  /** The runner's line for step {@code id}. */
  private static String step(String out, String id) {
    return out.lines()
        .filter(l -> l.startsWith("STEP t=") && l.contains(" " + id + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the runner printed no step " + id + ":\n" + out));
  }

  private static String withoutTimesAndCounts(String line) {
    return line.replaceAll("@t=\\d+", "").replaceAll(" count=\\d+$", "");
  }

  @Test
  @Order(1)
  void aPlcKilledInTheMiddleOfARunIsALostDeviceAndTheRunEnds() throws Exception {
    Lab lab = up(0);
    String plc = lab.compose(List.of("ps", "-q", "plc-intake"), Duration.ofMinutes(1)).strip();
    List<String> run = new ArrayList<>(List.of("run", "-d"));
    List<String> runner = lab.runner("wt-recon");
    run.addAll(runner.subList(2, runner.size()));
    String id =
        lab.compose(run, Duration.ofMinutes(1)).lines().reduce((a, b) -> b).orElseThrow().strip();
    try {
      // Late in the run, so the rest of it stays short (every poll of a device that is gone waits
      // for its timeout), but early enough that polls still find it gone: take plc-intake away
      // with plain docker, which is quicker than compose.
      Pattern progress = Pattern.compile("PROGRESS t=(\\d+) ");
      await()
          .atMost(RUN)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Matcher m = progress.matcher(logs(id));
                int t = 0;
                while (m.find()) {
                  t = Integer.parseInt(m.group(1));
                }
                return t >= 480;
              });
      Command.output(List.of("docker", "kill", plc), Duration.ofMinutes(1), List.of());
      await()
          .atMost(RUN)
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> logs(id).contains("VERDICT "));
      RunVerdict v = verdict(logs(id));
      assertThat(v.lost()).contains("plc-intake");
      assertThat(v.steps()).isNotEmpty();
    } finally {
      // Stop, then remove: the runner is usually exiting on its own by now, and forcing the
      // removal of a container while its exit is processed once left docker counting one of its
      // network endpoints, so the lab's networks could not be removed afterwards ("has active
      // endpoints", with no container left). docker stop returns once the exit is processed.
      Command.output(List.of("docker", "stop", "-t", "30", id), Duration.ofMinutes(1), List.of());
      Command.output(List.of("docker", "rm", id), Duration.ofMinutes(1), List.of());
      lab.compose(List.of("start", "plc-intake"), Duration.ofMinutes(1));
    }
  }

  @Test
  @Order(4)
  void theConvergedLabsHostsServeTheirOwnServicesOnTheirZoneAddresses() throws Exception {
    Lab lab = up(ARCHITECTURES.indexOf("water-treatment-converged"));
    // Its broker and its remote-access services run in the hosts' own containers, reached across
    // the gateways like the controllers' fronts.
    assertThat(lab.compose(List.of("logs", "--no-color", "broker"), Duration.ofMinutes(1)))
        .contains("serving mqtt broker 1883");
    assertThat(lab.compose(List.of("logs", "--no-color", "jump-1"), Duration.ofMinutes(1)))
        .contains("serving rdp 3389");
  }

  /**
   * A lab of files of one's own: the library's data-only plant under another id in a folder with an
   * architecture and a scenario that name it by a path relative to themselves, none of them in the
   * images. {@code otlab compose} mounts copies named by id into every container, and a run across
   * them has the verdict of the same files played embedded: the gateways block the attack where the
   * embedded relays do, and the same techniques are detected.
   */
  @Test
  @Order(6)
  void aLabOfFilesOfOnesOwnPlaysAcrossTheContainersAsEmbedded() throws Exception {
    String libraryScenario = "sb-low-water-bms-bypass";
    String plant = ScenarioLoader.load(libraryScenario).plant();
    Path dir = Path.of("target", "runs-it", "own").toAbsolutePath();
    OwnSite site = new OwnSite(dir.resolve("site"), plant, "own-lab-boiler");
    String byPath = "../plants/boiler.yaml";
    site.plant("boiler.yaml");
    Path arch = site.architecture(plant + "-purdue-dmz-dpi", "dmz.yaml", byPath);
    Path scenario = site.scenario(libraryScenario, "own-lab-low-water", "low-water.yaml", byPath);
    Path file = Files.createDirectories(dir.resolve("lab")).resolve("docker-compose.yml");
    StringWriter err = new StringWriter();
    int status =
        dev.otlab.cli.Main.execute(
            new String[] {
              "compose",
              "--architecture",
              arch.toString(),
              "--for-runs",
              scenario.toString(),
              "--subnets",
              "10.244",
              "-o",
              file.toString()
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertThat(status).as(err.toString()).isZero();
    ArchitectureSpec architecture = ArchitectureLoader.load(arch.toString());

    Lab lab = up(new Lab(file, "otlab-runs-it-own", architecture.id(), "10.244.251.0/24"));
    long start = System.nanoTime();
    String out = lab.compose(lab.runner("own-lab-low-water"), RUN);
    System.out.printf(
        Locale.ROOT,
        "MEASURE own-lab-low-water on %s (own files) across containers in %.1f s%n",
        architecture.id(),
        (System.nanoTime() - start) / 1e9);

    RunVerdict containers = verdict(out);
    RunVerdict embedded =
        RunVerdict.of(
            new ScenarioRun(
                    ScenarioLoader.load(scenario.toString()),
                    architecture,
                    new ScenarioRun.Options(
                        1, Speed.MAX, pki, r -> {}, DetectionLoader.load("full")))
                .run());
    assertThat(embedded.blockedAt())
        .as("the design stops this attack at its gateways")
        .isNotEmpty();
    assertThat(embedded.detected()).isNotEmpty();
    assertThat(containers.steps()).as(out).isEqualTo(embedded.steps());
    assertThat(containers.objectiveReached()).as(out).isEqualTo(embedded.objectiveReached());
    assertThat(containers.blockedAt()).as(out).isEqualTo(embedded.blockedAt());
    assertThat(containers.detected()).as(out).isEqualTo(embedded.detected());
    assertThat(containers.lost()).as(out).isEmpty();
  }

  private static String logs(String container) throws Exception {
    return Command.output(List.of("docker", "logs", container), Duration.ofMinutes(1), List.of());
  }

  private static RunVerdict verdict(String out) {
    String line =
        out.lines()
            .filter(l -> l.startsWith("VERDICT "))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("the runner printed no verdict:\n" + out));
    return RunVerdict.parse(line.substring("VERDICT ".length()));
  }

  private static Lab lab(int i) throws IOException {
    String architecture = ARCHITECTURES.get(i);
    ArchitectureSpec a = ArchitectureLoader.load(architecture);
    Path dir = Files.createDirectories(Path.of("target", "runs-it", architecture));
    Path file = dir.resolve("docker-compose.yml");
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          new ComposeFile(new ContainerPlan(a), a.plant(), "10." + (240 + i))
              .renderForRuns(scenarios(architecture).get(0)),
          StandardCharsets.UTF_8);
    }
    return new Lab(file, "otlab-runs-it-" + i, architecture, "10." + (240 + i) + ".251.0/24");
  }

  /** One architecture's lab for runs. */
  private record Lab(Path file, String project, String architecture, String processSubnet) {

    String compose(List<String> args, Duration timeout) throws Exception {
      List<String> cmd =
          new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", project));
      cmd.addAll(args);
      return Command.output(cmd, timeout, List.of());
    }

    List<String> runner(String scenario) {
      return List.of(
          "run",
          "--rm",
          // Without it the runner has no name on the networks, and the controller fronts that
          // forward to it find nobody.
          "--use-aliases",
          "-T",
          ComposeFile.RUNNER,
          "node",
          "--role",
          "runner",
          "--architecture",
          architecture,
          "--host",
          ComposeFile.RUNNER,
          "--process-subnet",
          processSubnet,
          "--scenario",
          scenario,
          "--seed",
          "1",
          "--speed",
          "max",
          "--detection",
          "full");
    }

    boolean healthy() throws Exception {
      String ps = compose(List.of("ps"), Duration.ofMinutes(1));
      List<String> rows = ps.lines().filter(l -> l.startsWith(project)).toList();
      return !rows.isEmpty() && rows.stream().allMatch(l -> l.contains("(healthy)"));
    }
  }
}
