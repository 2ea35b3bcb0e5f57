package dev.otlab.simulator.plc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgramCodecTest {

  private static final List<BlockSpec> TREATMENT =
      List.of(
          new BlockSpec(
              "hysteresis",
              Map.of(
                  "level", "treated_level",
                  "output", "pump_on",
                  "low", "treated_low_sp",
                  "high", "treated_high_sp",
                  "action", "fill",
                  "auto", "pump_auto")),
          new BlockSpec(
              "interlock",
              Map.of(
                  "input", "raw_level", "below", "dry_run_sp", "output", "pump_on", "value", "0")));

  @Test
  void encodesOneSortedLinePerBlock() {
    assertThat(ProgramCodec.encode(TREATMENT))
        .isEqualTo(
            "hysteresis action=fill auto=pump_auto high=treated_high_sp level=treated_level"
                + " low=treated_low_sp output=pump_on\n"
                + "interlock below=dry_run_sp input=raw_level output=pump_on value=0\n");
  }

  @Test
  void decodesWhatItEncodes() {
    assertThat(ProgramCodec.decode(ProgramCodec.encodeBytes(TREATMENT))).isEqualTo(TREATMENT);
    assertThat(ProgramCodec.decode("")).isEmpty();
  }

  @Test
  void theSameProgramHasOneTextAndOneCrcWhateverTheParameterOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("value", "0");
    reversed.put("output", "pump_on");
    reversed.put("below", "dry_run_sp");
    reversed.put("input", "raw_level");
    List<BlockSpec> other = List.of(TREATMENT.get(0), new BlockSpec("interlock", reversed));
    assertThat(ProgramCodec.crc(ProgramCodec.encodeBytes(other)))
        .isEqualTo(ProgramCodec.crc(ProgramCodec.encodeBytes(TREATMENT)));
  }

  @Test
  void randomProgramsSurviveARoundTrip() {
    SplittableRandom rnd = new SplittableRandom(90);
    for (int run = 0; run < 500; run++) {
      List<BlockSpec> program = new ArrayList<>();
      int blocks = rnd.nextInt(ProgramCodec.MAX_BLOCKS + 1);
      for (int b = 0; b < blocks; b++) {
        Map<String, String> params = new LinkedHashMap<>();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
          params.put(name(rnd), rnd.nextBoolean() ? name(rnd) : number(rnd));
        }
        program.add(new BlockSpec(name(rnd), params));
      }
      byte[] bytes = ProgramCodec.encodeBytes(program);
      if (bytes.length > ProgramCodec.MAX_BYTES) {
        continue;
      }
      assertThat(ProgramCodec.decode(bytes)).as("run %d", run).isEqualTo(program);
    }
  }

  @Test
  void mutatedProgramsEitherParseOrAreRefusedAsMalformed() {
    SplittableRandom rnd = new SplittableRandom(43);
    byte[] good = ProgramCodec.encodeBytes(TREATMENT);
    int refused = 0;
    for (int run = 0; run < 2000; run++) {
      byte[] b = good.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      try {
        List<BlockSpec> program = ProgramCodec.decode(b);
        // Whatever parses re-encodes to a text that parses to the same program.
        assertThat(ProgramCodec.decode(ProgramCodec.encodeBytes(program))).isEqualTo(program);
      } catch (OtlabException e) {
        assertThat(e.code()).isEqualTo("PROGRAM_MALFORMED");
        refused++;
      }
    }
    assertThat(refused).isPositive();
  }

  @Test
  void refusesMalformedText() {
    malformed("hysteresis level=raw_level", "not ended by a newline");
    malformed("hysteresis level=raw_level level=x\n", "given twice");
    malformed("hysteresis level\n", "not name=value");
    malformed("hysteresis level=\n", "not name=value");
    malformed("hysteresis  level=a\n", "not name=value");
    malformed("Hysteresis level=a\n", "not a block type");
    malformed("\n", "not a block type");
    malformed("pid kp=1;rm\n", "not name=value");
    malformed("pid kp=1\tki=2\n", "not printable ASCII");
    malformed("pid kp=1\r\n", "not printable ASCII");
    malformed("trip x=1\n".repeat(ProgramCodec.MAX_BLOCKS + 1), "more than 64 blocks");
    byte[] big = new byte[ProgramCodec.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThatThrownBy(() -> ProgramCodec.decode(big)).hasMessageContaining("more than 8192");
    byte[] utf8 = "pid kp=é\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ProgramCodec.decode(utf8))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("not printable ASCII");
  }

  private static void malformed(String text, String why) {
    assertThatThrownBy(() -> ProgramCodec.decode(text))
        .isInstanceOfSatisfying(
            OtlabException.class, e -> assertThat(e.code()).isEqualTo("PROGRAM_MALFORMED"))
        .hasMessageContaining(why);
  }

  private static String name(SplittableRandom rnd) {
    String first = "abcdefghijklmnopqrstuvwxyz";
    String rest = first + "0123456789_";
    StringBuilder sb = new StringBuilder().append(first.charAt(rnd.nextInt(first.length())));
    for (int i = rnd.nextInt(12); i > 0; i--) {
      sb.append(rest.charAt(rnd.nextInt(rest.length())));
    }
    return sb.toString();
  }

  private static String number(SplittableRandom rnd) {
    return String.valueOf(Math.round((rnd.nextDouble() - 0.5) * 2e6) / 1000.0);
  }
}
