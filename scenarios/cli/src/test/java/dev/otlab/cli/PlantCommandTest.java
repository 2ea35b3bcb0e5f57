package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code otlab plant} command as a user runs it, without sockets ({@code --no-servers}). */
class PlantCommandTest {

  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(status, out.toString(), err.toString());
  }

  static Map<String, Double> lastRow(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    String[] last = lines.get(lines.size() - 1).split(",");
    return IntStream.range(0, header.length)
        .boxed()
        .collect(Collectors.toMap(i -> header[i], i -> Double.parseDouble(last[i])));
  }

  @Test
  void reactorEndsAtTheControlledOperatingPoint() throws Exception {
    Path csv = dir.resolve("out.csv");
    Result r =
        run(
            "plant",
            "chemical-reactor",
            "--duration",
            "2h",
            "--speed",
            "max",
            "--csv",
            csv.toString(),
            "--no-servers");
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(7202); // header + t = 0..7200 s
    Map<String, Double> last = lastRow(csv);
    assertThat(last.get("time_s")).isEqualTo(7200.0);
    assertThat(last.get("reactor_temp")).isCloseTo(350, within(1.75));
    assertThat(last.get("concentration_a")).isCloseTo(0.5, within(0.0025));
    assertThat(last.get("coolant_temp_actual")).isCloseTo(300, within(1.5));
    assertThat(r.out()).contains("safety limit crossings: 0");
  }

  @Test
  void reactorWithCoolantForcedTo290EndsAtItsOnlySteadyState() throws Exception {
    Path csv = dir.resolve("out.csv");
    Result r =
        run(
            "plant",
            "chemical-reactor",
            "--duration",
            "2h",
            "--speed",
            "max",
            "--set",
            "coolant_temp=290",
            "--csv",
            csv.toString(),
            "--no-servers");
    assertThat(r.status()).as(r.err()).isZero();
    Map<String, Double> last = lastRow(csv);
    assertThat(last.get("reactor_temp")).isCloseTo(312.7, within(312.7 * 0.005));
    assertThat(last.get("concentration_a")).isCloseTo(0.952, within(0.952 * 0.005));
    assertThat(last.get("coolant_temp")).isEqualTo(290.0);
    assertThat(last.get("temp_auto")).isZero();
  }

  @Test
  void describePrintsTheTagDictionaryAndRegisterMaps() {
    Result r = run("plant", "water-treatment", "--describe");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "TAG DICTIONARY",
            "raw_level",
            "hazard:",
            "plc-dosing",
            "holding-register",
            "4:3",
            "sis-water",
            "forces inflow_valve = 0",
            "safe state: loops in manual, inflow_valve = 0; stop tolerated",
            "safe state: loops in manual, dosing_rate = 0; stop refused");
  }

  @Test
  void badOptionsExitWithStatus2AndNameTheProblem() {
    assertBad(run("plant", "water-treatment", "--speed", "fast", "--no-servers"), "Speed 'fast'");
    assertBad(
        run("plant", "water-treatment", "--duration", "forever", "--no-servers"), "--duration");
    assertBad(
        run("plant", "water-treatment", "--speed", "max", "--no-servers"),
        "--speed max needs --duration");
    assertBad(
        run("plant", "water-treatment", "--duration", "1m", "--set", "raw_level", "--no-servers"),
        "TAG=VALUE");
    assertBad(
        run("plant", "water-treatment", "--duration", "1m", "--set", "boiler=1", "--no-servers"),
        "boiler");
    assertBad(
        run("plant", "water-treatment", "--duration", "1m", "--set", "raw_level=1", "--no-servers"),
        "read-only");
    assertBad(
        run(
            "plant",
            "water-treatment",
            "--duration",
            "1m",
            "--set",
            "raw_high_sp=9",
            "--no-servers"),
        "[0.3, 3.7]");
    assertBad(
        run(
            "plant",
            "water-treatment",
            "--duration",
            "1m",
            "--set",
            "raw_high_sp=abc",
            "--no-servers"),
        "not a number");
    assertBad(run("plant", "paper-mill", "--duration", "1m", "--no-servers"), "water-treatment");
    assertBad(run("plant", "water-treatment", "--colour", "red"), "--colour");
    assertBad(run("plant"), "NAME");
  }

  @Test
  void invalidPlantFileExitsWith2AndListsEveryProblem() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "id: Bad Id\nprocess: {model: nope}\ntags: 3\ncontrollers: []\n");
    Result r = run("plant", bad.toString(), "--duration", "1m", "--no-servers");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("id:", "process.model", "tags:", "nothing was started");
  }

  private static void assertBad(Result r, String mention) {
    assertThat(r.status()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(mention);
  }
}
