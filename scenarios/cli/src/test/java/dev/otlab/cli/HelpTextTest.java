package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli formats descriptions, so a bare {@code %} (as in
 * "95% interval") makes it warn on stderr and print the raw text instead.
 */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new Main()), commands);
    assertThat(commands).hasSizeGreaterThan(8);
    // picocli reports a description it cannot format on System.err and prints the raw text.
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      for (CommandLine c : commands) {
        assertThat(c.getUsageMessage()).as(c.getCommandName()).isNotBlank();
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  @Test
  void evaluateHelpPrintsTheIntervalWithoutWarnings() {
    CheckCommandTest.Result r = CheckCommandTest.run("evaluate", "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("95% interval").doesNotContain("%n", "95%%");
  }

  private static void collect(CommandLine cl, List<CommandLine> out) {
    out.add(cl);
    cl.getSubcommands().values().forEach(sub -> collect(sub, out));
  }
}
