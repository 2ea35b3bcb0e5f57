package dev.otlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModuleTest {

  @Test
  void reachIsTransitiveAndNeverIncludesTheModuleItself() {
    assertThat(Module.CLI.reach())
        .contains(Module.SIMULATOR, Module.NETWORK, Module.LIBRARY, Module.LAB)
        .doesNotContain(Module.CLI, Module.DASHBOARD);
    assertThat(Module.CORE.reach()).isEmpty();
    assertThat(Module.SIMULATOR.reach()).containsExactlyInAnyOrder(Module.PROCESS, Module.CORE);
    for (Module m : Module.values()) {
      assertThat(m.reach()).doesNotContain(m);
    }
  }

  @Test
  void everyModuleFolderHasAPomNamingTheModulesItUses() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (Module m : Module.values()) {
      Path pom = root.resolve(m.folder()).resolve("pom.xml");
      assertThat(pom).as("POM of %s", m).exists();
      String text = Files.readString(pom);
      for (Module used : m.uses()) {
        assertThat(text)
            .as("%s names %s in its POM", m, used)
            .contains(
                "<artifactId>otlab-" + used.folder().replaceFirst(".*/", "") + "</artifactId>");
      }
    }
  }
}
