package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Bad input to {@code otlab lab} is refused before anything starts (no sockets are opened). */
class LabCommandTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {Integer.toString(status), out.toString(), err.toString()};
  }

  @Test
  void refusesUnknownHostsArchitecturesAndMismatchedPlants() {
    String[] r =
        run(
            "lab",
            "--architecture",
            "water-treatment-purdue-dmz-dpi",
            "--expose",
            "mainframe",
            "--duration",
            "1s");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("mainframe", "hmi-1");

    r = run("lab", "--architecture", "paper-mill-flat", "--duration", "1s");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("water-treatment-flat");

    r =
        run(
            "lab",
            "--architecture",
            "water-treatment-flat",
            "--plant",
            "chemical-reactor",
            "--duration",
            "1s");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("drawn for plant 'water-treatment'");

    r = run("lab", "--architecture", "water-treatment-flat", "--speed", "max");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--duration");

    r = run("lab");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--architecture");
  }
}
