package dev.otlab.process.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/unit-models.md is the reference the unit kinds generate, so it says what the code does. */
class UnitLibraryDocsTest {

  private static final String REGENERATE =
      "./mvnw -B -o -q test -pl process -Dtest=UnitLibraryDocsTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dotlab.regenerateDocs=true";

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("no docs folder above the working directory").isNotNull();
    return dir;
  }

  @Test
  void theCheckedInReferenceIsTheOneTheUnitKindsGenerate() throws Exception {
    Path file = root().resolve("docs/unit-models.md");
    String generated = UnitKinds.markdown();
    if (Boolean.getBoolean("otlab.regenerateDocs")) {
      Files.writeString(file, generated);
    }
    assertThat(Files.exists(file)).as("generate docs/unit-models.md with " + REGENERATE).isTrue();
    assertThat(Files.readString(file))
        .as("docs/unit-models.md is out of date: regenerate it with " + REGENERATE)
        .isEqualTo(generated);
  }
}
