package dev.otlab.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import org.junit.jupiter.api.Test;

class TechniqueCatalogueTest {

  @Test
  void everyImplementedTechniqueHasACatalogueEntry() {
    TechniqueCatalogue catalogue = TechniqueCatalogue.load();
    Techniques techniques = Techniques.load();
    assertThat(techniques.all())
        .containsKeys(
            "T0846", "T0888", "T0861", "T0855", "T0836", "T0806", "T0831", "T0880", "T0837",
            "T0814", "T0812", "T0859", "T0886", "T0866");
    for (Technique t : techniques.all().values()) {
      assertThat(catalogue.entry(t.id())).as(t.id()).isPresent();
      assertThat(t.requiredParameters()).filteredOn(t.optionalParameters()::contains).isEmpty();
    }
  }

  @Test
  void recordsTheAttackVersionNamesAndTactics() {
    TechniqueCatalogue catalogue = TechniqueCatalogue.load();
    assertThat(catalogue.attackVersion()).contains("v17");
    TechniqueCatalogue.Entry e = catalogue.entry("T0861").orElseThrow();
    assertThat(e.name()).isEqualTo("Point & Tag Identification");
    assertThat(e.tactics()).containsExactly("Collection");
    assertThat(catalogue.entry("T0859").orElseThrow().tactics())
        .containsExactly("Persistence", "Lateral Movement");
    assertThat(catalogue.entry("T9999")).isEmpty();
  }

  @Test
  void malformedFilesAreRefusedWithTheLine() {
    assertThatThrownBy(
            () ->
                TechniqueCatalogue.parse(
                    "attackVersion: \"x\"\ntechniques:\n  - id: T0001\n    nme: Typo\n"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("line 4");
    assertThatThrownBy(() -> TechniqueCatalogue.parse("techniques:\n"))
        .hasMessageContaining("attackVersion");
    assertThatThrownBy(
            () ->
                TechniqueCatalogue.parse(
                    "attackVersion: v\ntechniques:\n  - id: T0001\n    name: A\n    tactics: [X]\n"
                        + "  - id: T0001\n    name: B\n    tactics: [Y]\n"))
        .hasMessageContaining("repeats id T0001");
  }
}
