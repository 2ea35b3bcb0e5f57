package dev.otlab.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One value changed in a file's text, the rest kept as written, and nothing changed when the edit
 * cannot be sure it changes that value and only that one.
 */
class YamlEditTest {

  private static final String ARCHITECTURE =
      """
      # A site of mine.
      id: site
      plant: "../plants/my site.yaml"   # the plant beside it
      zones:
        - {id: ops, level: 3}
      hosts:
        - id: plc-1
          plant: ../plants/my site.yaml
      """;

  @Test
  void aTopLevelValueIsChangedWithItsCommentAndEverythingElseKept() {
    String edited = YamlEdit.replace(ARCHITECTURE, List.of("plant"), "my-site").orElseThrow();

    assertThat(edited)
        .isEqualTo(
            ARCHITECTURE.replace("plant: \"../plants/my site.yaml\"   #", "plant: my-site   #"));
    assertThat(YamlEdit.value(edited, List.of("plant"))).isEqualTo("my-site");
  }

  @Test
  void aNestedValueIsFoundByItsPathNotByItsKeyAlone() {
    String plant =
        """
        id: tank
        process:
          fmu:
            file: 'models/tank.fmu'
            step: 0.1
        notes:
          file: models/tank.fmu
        """;

    String edited =
        YamlEdit.replace(plant, List.of("process", "fmu", "file"), "tank.fmu").orElseThrow();

    assertThat(edited).contains("    file: tank.fmu\n", "  file: models/tank.fmu\n");
    assertThat(YamlEdit.value(edited, List.of("notes", "file"))).isEqualTo("models/tank.fmu");
  }

  @Test
  void valuesThatYamlWouldReadAsSomethingElseAreQuoted() {
    String edited =
        YamlEdit.replace("id: a\nplant: x.yaml\n", List.of("plant"), "true").orElseThrow();

    assertThat(YamlEdit.value(edited, List.of("plant"))).isEqualTo("true");
    assertThat(edited).isEqualTo("id: a\nplant: \"true\"\n");
  }

  @Test
  void aValueNotOnALineOfItsOwnIsLeftAlone() {
    assertThat(YamlEdit.replace("id: a\nplant:\n  x.yaml\n", List.of("plant"), "b")).isEmpty();
    assertThat(YamlEdit.replace("{id: a, plant: x.yaml}\n", List.of("plant"), "b")).isEmpty();
    assertThat(YamlEdit.replace("id: a\n", List.of("plant"), "b")).isEmpty();
    assertThat(YamlEdit.replace("id: a\nplant: [x]\n", List.of("plant"), "b")).isEmpty();
    assertThat(YamlEdit.replace("id: [unclosed\n", List.of("plant"), "b")).isEmpty();
  }
}
