package dev.otlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class CommandTest {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void aCommandsExitStatusAndMergedOutputComeBack() throws Exception {
    // java -version writes to standard error: merged, it is in the output.
    Command.Result ok = Command.run(Duration.ofMinutes(2), JAVA, "-version");
    assertThat(ok.exit()).isZero();
    assertThat(ok.output()).contains("version");

    Command.Result bad = Command.run(Duration.ofMinutes(2), JAVA, "-XX:+NoSuchOptionOfAnyJvm");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.output()).contains("NoSuchOptionOfAnyJvm");
  }

  @Test
  void aCommandThatNeverEndsFailsAtTheHangGuard() {
    // cat waits for the end of its input, which never comes: the guard must end it.
    assertThatThrownBy(() -> Command.run(List.of("cat"), Duration.ofMillis(200)))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("cat did not finish within");
  }

  @Test
  void anEmptyCommandIsRefused() {
    assertThatThrownBy(() -> Command.run(List.of(), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outputGivesWhatASucceedingCommandWroteWithItsEnvironment() throws Exception {
    String out =
        Command.output(
            List.of("sh", "-c", "echo \"$OTLAB_COMMAND_TEST\" >&2"),
            Duration.ofMinutes(1),
            List.of("OTLAB_COMMAND_TEST=a=b"));
    assertThat(out).isEqualTo("a=b\n");
  }

  @Test
  void outputFailsTheTestWithTheOutputOfAFailingCommand() {
    assertThatThrownBy(
            () ->
                Command.output(
                    List.of("sh", "-c", "echo what went wrong; exit 3"),
                    Duration.ofMinutes(1),
                    List.of()))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("failed (3)")
        .hasMessageContaining("what went wrong");
    assertThatThrownBy(() -> Command.output(List.of("true"), Duration.ofMinutes(1), List.of("X")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAME=VALUE");
  }
}
