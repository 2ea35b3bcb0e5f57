package dev.otlab.dashboard.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.ErrorCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/errors.md is the registry's table. The dashboard's test class path holds every module's
 * catalogue, which is why the check lives here.
 */
class ErrorDocsTest {

  static final String REGENERATE =
      "./mvnw -B -q verify -pl dashboard -am -DskipITs -Dspotless.check.skip=true"
          + " -Dtest=ErrorDocsTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dotlab.regenerateDocs=true";

  @Test
  void theCheckedInErrorTableIsTheOneTheRegistryGenerates() throws Exception {
    Path file = Sources.root().resolve("docs/errors.md");
    String generated = ErrorCodes.loaded().markdown();
    if (Boolean.getBoolean("otlab.regenerateDocs")) {
      Files.writeString(file, generated);
    }
    assertThat(Files.exists(file))
        .as("docs/errors.md is missing: generate it with " + REGENERATE)
        .isTrue();
    assertThat(Files.readString(file))
        .as("docs/errors.md is out of date: regenerate it with " + REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void theApiDocumentationLinksTheTable() throws Exception {
    assertThat(Files.readString(Sources.root().resolve("docs/dashboard-api.md")))
        .contains("(errors.md)");
  }
}
