package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The wire form of a control program, as the engineering function (Modbus FC 90) uploads and
 * downloads it: US-ASCII, one block per line, {@code type key=value key=value ...}, lines ended by
 * {@code \n}. For example:
 *
 * <pre>
 * hysteresis action=fill auto=inflow_auto high=raw_high_sp level=raw_level low=raw_low_sp output=inflow_valve
 * </pre>
 *
 * <p>{@link #encode} sorts parameters by name, so one program has exactly one text and one CRC: an
 * engineer can compare what a PLC runs with the project file by checksum alone. {@link #decode} is
 * strict (it reads bytes a client controls): only the characters a block type, parameter name,
 * number or tag can contain, no duplicate parameter, bounded sizes. It checks syntax only; whether
 * the blocks fit a controller is {@link ControlBlocks#build}'s job.
 */
public final class ProgramCodec {

  /** Largest program text a controller accepts. */
  public static final int MAX_BYTES = 8192;

  /** Most blocks in one program. */
  public static final int MAX_BLOCKS = 64;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");

  private ProgramCodec() {}

  /** Canonical text of a program. */
  public static String encode(List<BlockSpec> program) {
    StringBuilder sb = new StringBuilder();
    for (BlockSpec b : program) {
      sb.append(b.type());
      for (Map.Entry<String, String> e : new TreeMap<>(b.params()).entrySet()) {
        sb.append(' ').append(e.getKey()).append('=').append(e.getValue().trim());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Canonical bytes of a program. */
  public static byte[] encodeBytes(List<BlockSpec> program) {
    return encode(program).getBytes(StandardCharsets.US_ASCII);
  }

  /** CRC-32 of a program's bytes, the checksum FC 90 reports and checks. */
  public static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /**
   * Parses program bytes.
   *
   * @throws OtlabException {@code PROGRAM_MALFORMED} naming the first bad line
   */
  public static List<BlockSpec> decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw malformed("the program has " + bytes.length + " bytes, more than " + MAX_BYTES);
    }
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xFF;
      if (c != '\n' && (c < 0x20 || c > 0x7E)) {
        throw malformed(String.format("byte %d is 0x%02X, not printable ASCII", i, c));
      }
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw malformed("the last line is not ended by a newline (the text may be truncated)");
    }
    List<BlockSpec> program = new ArrayList<>();
    String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
    // split with -1 leaves one empty string after the final newline.
    for (int n = 0; n < lines.length - 1; n++) {
      program.add(line(n + 1, lines[n]));
      if (program.size() > MAX_BLOCKS) {
        throw malformed("more than " + MAX_BLOCKS + " blocks");
      }
    }
    return List.copyOf(program);
  }

  /** Parses program text (as {@link #decode(byte[])} does with its US-ASCII bytes). */
  public static List<BlockSpec> decode(String text) {
    return decode(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static BlockSpec line(int number, String line) {
    String[] words = line.split(" ", -1);
    if (!NAME.matcher(words[0]).matches()) {
      throw malformed("line " + number + ": '" + words[0] + "' is not a block type");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      String w = words[i];
      int eq = w.indexOf('=');
      String key = eq < 0 ? w : w.substring(0, eq);
      String value = eq < 0 ? "" : w.substring(eq + 1);
      if (eq < 0 || !NAME.matcher(key).matches() || !VALUE.matcher(value).matches()) {
        throw malformed("line " + number + ": '" + w + "' is not name=value");
      }
      if (params.put(key, value) != null) {
        throw malformed("line " + number + ": parameter '" + key + "' given twice");
      }
    }
    return new BlockSpec(words[0], params);
  }

  private static OtlabException malformed(String what) {
    return new OtlabException(
        "PROGRAM_MALFORMED",
        "Program text: " + what + ".",
        "Send one block per line as 'type name=value ...', printable ASCII, each line ended by a"
            + " newline.");
  }
}
