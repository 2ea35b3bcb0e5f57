package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otlab.core.OtlabException;
import dev.otlab.detection.AlertSeverity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaybookLoaderTest {

  @Test
  void everyLibraryPlaybookLoadsAndTheIndexListsThemAll() throws Exception {
    TreeSet<String> files;
    try (Stream<Path> s = Files.list(Path.of("playbooks"))) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .map(n -> n.substring(0, n.length() - 5))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    TreeSet<String> indexed = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("playbooks", "index.txt"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        indexed.add(line.trim());
      }
    }
    assertThat(indexed).as("playbooks/index.txt lists every playbook file").isEqualTo(files);
    assertThat(Library.names("playbooks")).containsAll(files);
    Map<String, Long> perPlant =
        files.stream()
            .map(PlaybookLoader::load)
            .peek(p -> assertThat(p.description()).as(p.id()).isNotBlank())
            .collect(Collectors.groupingBy(PlaybookSpec::plant, Collectors.counting()));
    // Every library plant has its playbooks (issue 20: at least three each), and no other plant.
    assertThat(perPlant.keySet()).containsExactlyInAnyOrderElementsOf(Library.names("plants"));
    assertThat(perPlant.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(3));
    for (String f : files) {
      assertThat(PlaybookLoader.load(f).id()).as(f).isEqualTo(f);
    }
  }

  @Test
  void theContainingPlaybookReadsAsWritten() {
    PlaybookSpec p = PlaybookLoader.load("wt-contain-it-pivot");
    PlaybookSpec.Rule sis = p.rule("sis-tampered").orElseThrow();
    assertThat(sis.when())
        .isEqualTo(
            new PlaybookSpec.Trigger.OnAlert(
                null,
                null,
                null,
                AlertSeverity.MEDIUM,
                new PlaybookSpec.Ref("role:sis"),
                null,
                null,
                1,
                null));
    assertThat(sis.actions())
        .containsExactly(
            new PlaybookSpec.Action(
                new PlaybookSpec.Template.ResetSis(new PlaybookSpec.Ref("plc:sis-water")), 30),
            new PlaybookSpec.Action(
                new PlaybookSpec.Template.IsolateHost(new PlaybookSpec.Ref("alert.source")), 60));
    assertThat(sis.escalate()).isNotNull();
    assertThat(sis.escalate().afterSeconds()).isEqualTo(600);
    assertThat(sis.escalate().conditions())
        .containsExactly(
            new PlaybookSpec.Condition.Process(
                new PlaybookSpec.Level("treated_level", 3.4, null, PlaybookSpec.View.HMI)));
    assertThat(sis.repeatEverySeconds()).isNull();
    PlaybookSpec.Rule high = p.rule("treated-high").orElseThrow();
    assertThat(high.when())
        .isEqualTo(
            new PlaybookSpec.Trigger.OnProcess(
                new PlaybookSpec.Level("treated_level", 3.5, null, PlaybookSpec.View.HMI), 30));
    assertThat(high.conditions())
        .containsExactly(new PlaybookSpec.Condition.NotDone("sis-tampered"));
    assertThat(PlaybookLoader.load("wt-isolate-on-any-alert").rules().get(0).repeatEverySeconds())
        .isEqualTo(60);
  }

  @Test
  void aFileByPathLoadsAndAnUnknownNameListsTheLibrary(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("mine.yaml");
    Files.writeString(
        f,
        """
        id: mine
        plant: water-treatment
        rules:
          - id: r
            when: {alert: {}}
            actions: [{isolate-host: alert.source}]
        """);
    assertThat(PlaybookLoader.load(f.toString()).id()).isEqualTo("mine");
    assertThatThrownBy(() -> PlaybookLoader.load("no-such-playbook"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("No playbook named 'no-such-playbook'")
        .satisfies(e -> assertThat(((OtlabException) e).remedy()).contains("wt-contain-it-pivot"));
  }

  @Test
  void aPlaybookForAnotherPlantIsRefusedWithBothPlantsNamed() {
    PlaybookSpec p = PlaybookLoader.load("cr-guard-sis");
    OtlabException e =
        catchThrowableOfType(
            OtlabException.class,
            () -> PlaybookLoader.requirePlant(p, "water-treatment", "water-treatment-flat"));
    assertThat(e.code()).isEqualTo("PLAYBOOK_PLANT_MISMATCH");
    assertThat(e.getMessage()).contains("chemical-reactor", "water-treatment-flat");
    assertThat(e.remedy()).contains("water-treatment");
    PlaybookLoader.requirePlant(p, "chemical-reactor", "chemical-reactor-flat");
  }

  @Test
  void reportsEveryProblemWithItsPathAndARemedy() {
    String yaml =
        """
        id: broken
        plant: water-treatment
        colour: red
        rules:
          - id: a
            when:
              alert: {detector: psychic, technique: T9999, severity: urgent, host: plc:plc-boiler, count: 0}
            if: {not-done: nowhere, process: {tag: boiler_pressure, above: 3}}
            actions:
              - {isolate-host: alert.source, reset-sis: plc:sis-water}
              - {reset-sis: plc:plc-treatment}
              - {operator: {tag: treated_level, value: 1}}
              - {tighten-conduit: {conduit: alert.path, to: ajar}}
          - id: a
            when:
              process: {tag: treated_level, above: 3.5, below: 3.0, for: soon}
            actions:
              - {isolate-host: alert.source, after: 10s}
              - {reset-credential: accounts-on:role:barista}
            escalate:
              after: 0
              actions: [{safe-state: {controller: plc:plc-boiler, mode: stop}}]
            repeat: sometimes
          - id: c
            when: {alert: {}, process: {tag: chlorine, above: 3}}
            actions: []
        """;
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> PlaybookLoader.parse("broken.yaml", yaml));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo("PLAYBOOK_INVALID");
    List<String> paths = e.problems().stream().map(Problem::path).toList();
    assertThat(paths)
        .contains(
            "colour",
            "rules[0].when.alert.detector",
            "rules[0].when.alert.technique",
            "rules[0].when.alert.severity",
            "rules[0].when.alert.host",
            "rules[0].when.alert.count",
            "rules[0].if.not-done",
            "rules[0].if.process.tag",
            "rules[0].actions[0]",
            "rules[0].actions[1].reset-sis",
            "rules[0].actions[2].operator.tag",
            "rules[0].actions[3].tighten-conduit.to",
            "rules[1].id",
            "rules[1].when.process",
            "rules[1].when.process.for",
            "rules[1].actions[0].isolate-host",
            "rules[1].actions[1].reset-credential",
            "rules[1].escalate.after",
            "rules[1].escalate.actions[0].safe-state.controller",
            "rules[1].repeat",
            "rules[2].when",
            "rules[2].actions");
    assertThat(e.problems())
        .allSatisfy(p -> assertThat(p.fix()).as(p.toString()).isNotBlank().endsWith("."));
    assertThat(e.getMessage())
        .contains("'psychic' is not a detector of this lab")
        .contains("'plc-boiler' is not a controller of plant water-treatment")
        .contains("'plc-treatment' is not a safety controller")
        .contains("'treated_level' is not a point an operator can write")
        .contains("the rule fires on the plant's values, not on an alert")
        .contains("'nowhere' is not a rule of this playbook")
        .contains("'barista' is not a host role")
        .contains("'a' is used by another rule");
  }

  @Test
  void specsBuiltInCodeHoldTheSameInvariants() {
    PlaybookSpec.Trigger onLevel =
        new PlaybookSpec.Trigger.OnProcess(
            new PlaybookSpec.Level("treated_level", 3.5, null, PlaybookSpec.View.HMI), 0);
    PlaybookSpec.Action isolateSource =
        new PlaybookSpec.Action(
            new PlaybookSpec.Template.IsolateHost(new PlaybookSpec.Ref("alert.source")), 0);
    assertThatThrownBy(
            () ->
                new PlaybookSpec.Rule(
                    "r", "", onLevel, List.of(), List.of(isolateSource), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no alert to take alert.source from");
    PlaybookSpec.Rule ok =
        new PlaybookSpec.Rule(
            "r",
            "",
            onLevel,
            List.of(new PlaybookSpec.Condition.NotDone("elsewhere")),
            List.of(
                new PlaybookSpec.Action(
                    new PlaybookSpec.Template.ResetSis(new PlaybookSpec.Ref("plc:sis-water")), 0)),
            null,
            null);
    assertThatThrownBy(() -> new PlaybookSpec("p", "p", "water-treatment", "", List.of(ok)))
        .hasMessageContaining("names no rule elsewhere");
    assertThatThrownBy(() -> new PlaybookSpec.Ref("alert.sauce"))
        .hasMessageContaining("no part of an alert");
    assertThatThrownBy(
            () ->
                new PlaybookSpec.Template.TightenConduit(
                    new PlaybookSpec.Ref("role:hmi"), ResponseAction.Tightening.CLOSED))
        .hasMessageContaining("names no conduit");
    assertThat(new PlaybookSpec.Ref("accounts-on:alert.destination").fromAlert()).isTrue();
    assertThat(new PlaybookSpec.Level("chlorine", 1.0, 2.0, PlaybookSpec.View.PLANT).holds(1.5))
        .isTrue();
    assertThat(new PlaybookSpec.Level("chlorine", 1.0, 2.0, PlaybookSpec.View.PLANT).holds(2.5))
        .isFalse();
  }
}
