package dev.otlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;

class ToolTest {

  /** This JVM's own launcher: a command every machine running the tests has. */
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;

  @Test
  void aCommandIsFoundOnEveryEntryOfPath() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path tool = Files.createFile(bin.resolve("mbpoll"));
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Tool mbpoll = new Tool("mbpoll", "apt-get install -y mbpoll", List.of());

    assertThat(mbpoll.check(dir.resolve("empty") + File.pathSeparator + bin)).isEmpty();
    assertThat(mbpoll.check(dir.resolve("empty").toString()))
        .get()
        .isEqualTo(
            new MissingRequirement(
                "mbpoll is not installed (not on PATH)", "apt-get install -y mbpoll"));
    assertThat(mbpoll.check(null)).isPresent();
  }

  @Test
  void aFileThatIsNotExecutableIsNoTool() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createFile(bin.resolve("nmap"));

    assertThat(new Tool("nmap", "apt-get install -y nmap", List.of()).check(bin.toString()))
        .isPresent();
  }

  @Test
  void anAbsolutePathMustBeExecutable() {
    assertThat(new Tool(JAVA, "install a JDK", List.of()).check(null)).isEmpty();
    String absent = dir.resolve("usr/bin/python3").toString();
    assertThat(new Tool(absent, "apt-get install -y python3", List.of()).check(null))
        .get()
        .isEqualTo(
            new MissingRequirement(absent + " is not installed", "apt-get install -y python3"));
  }

  @Test
  void aProbeDecidesByItsExitStatus() {
    assertThat(new Tool("java", "install a JDK", List.of(JAVA, "-version")).check(null)).isEmpty();

    Tool failing =
        new Tool(
            "python3-pymodbus",
            "apt-get install -y python3-pymodbus",
            List.of(JAVA, "-XX:+NoSuchOptionOfAnyJvm", "-version"));
    assertThat(failing.check(null))
        .get()
        .satisfies(
            m -> {
              assertThat(m.what()).startsWith("python3-pymodbus is missing").contains("exits");
              assertThat(m.hint()).isEqualTo("apt-get install -y python3-pymodbus");
            });
  }

  @Test
  void aProbeThatCannotStartMeansTheToolIsMissing() {
    String absent = dir.resolve("no-such-node").toString();

    assertThat(new Tool("node", "install Node.js", List.of(absent, "--version")).check(null))
        .get()
        .extracting(MissingRequirement::what)
        .asString()
        .startsWith("node is missing")
        .contains("cannot start");
  }

  @Test
  void aToolNeedsANameAndAnInstallHint() {
    assertThatThrownBy(() -> new Tool("", "apt-get install -y mbpoll", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tool("mbpoll", " ", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mbpoll");
  }

  @RequiresTool(value = "mbpoll", hint = "apt-get install -y mbpoll")
  @RequiresTool(
      value = "python3-pymodbus",
      hint = "apt-get install -y python3-pymodbus",
      probe = {"/usr/bin/python3", "-c", "import pymodbus"})
  void twoTools() {}

  @RequiresChromium
  void browser() {}

  @Test
  void annotationsNameTheToolsTheConditionChecks() throws Exception {
    assertThat(
            AnnotationSupport.findRepeatableAnnotations(
                    getClass().getDeclaredMethod("twoTools"), RequiresTool.class)
                .stream()
                .map(Tool::of))
        .containsExactly(
            new Tool("mbpoll", "apt-get install -y mbpoll", List.of()),
            new Tool(
                "python3-pymodbus",
                "apt-get install -y python3-pymodbus",
                List.of("/usr/bin/python3", "-c", "import pymodbus")));
    assertThat(
            AnnotationSupport.findRepeatableAnnotations(
                    getClass().getDeclaredMethod("browser"), RequiresTool.class)
                .stream()
                .map(Tool::of))
        .containsExactly(new Tool("/usr/bin/chromium", "apt-get install -y chromium", List.of()));
  }
}
