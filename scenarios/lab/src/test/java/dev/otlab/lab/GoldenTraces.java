package dev.otlab.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Golden traces: a few library runs whose whole export must stay the same byte for byte, so that a
 * change meant only to make the lab faster (relays, servers, transport) provably changes nothing a
 * run records. {@link ScenarioSuiteIT} plays these runs anyway (seed 1, the {@code full} profile)
 * and holds each to the export committed under {@code src/test/resources/golden/}: a summary (the
 * SHA-256 of the export, then per record type its count and digest) and the export itself, gzipped,
 * so a failure names the first line that differs.
 *
 * <p>Regenerate only for a deliberate change of what runs do or record (a new record field, a
 * technique that behaves differently, a benign operation added), never for a speed change: a speed
 * change that moves a golden trace changed behaviour. See {@link #REGENERATE}.
 */
final class GoldenTraces {

  /** How to write the golden files anew from the runs of this build. */
  static final String REGENERATE =
      "./mvnw -B verify -pl scenarios/lab -Dtest=none -Dit.test=ScenarioSuiteIT"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dotlab.regenerateGolden=true";

  /** The seed of every golden run (ScenarioSuiteIT's). */
  static final long SEED = 1;

  /**
   * The golden runs, {@code scenario@architecture}: both plants, relays with DPI, OPC UA signed and
   * encrypted and in clear, an adversary in the middle, a program download refused at a conduit,
   * and recon. Not the flood (wt-dosing-flood): its trace still depends on thread timing now and
   * then (the relay reporting none of the refused connections' requests in one CI-like run).
   */
  static final Set<String> RUNS =
      Set.of(
          "cr-aitm-reactor-loop@chemical-reactor-flat",
          "cr-ews-program-download@chemical-reactor-purdue-dmz-dpi",
          "cr-historian-opcua-reuse@chemical-reactor-flat",
          "wt-recon@water-treatment-flat");

  private static final Path DIR = Path.of("src", "test", "resources", "golden");
  private static final Path ACTUAL = Path.of("target", "golden-actual");
  private static final Pattern TYPE = Pattern.compile("^\\{\"type\":\"([a-z-]+)\"");
  private static final String ALL = "# allLines\n";
  private static final String SAMPLES = "# samplesCsv\n";
  private static final String ALERTS = "# alertLines\n";

  private GoldenTraces() {}

  static String key(RunTrace t) {
    return t.scenario() + "@" + t.architecture() + "@seed" + t.seed();
  }

  /**
   * What is held to the golden value: {@link TraceExport#allLines}, {@link TraceExport#samplesCsv}
   * and {@link TraceExport#alertLines}, each after a header line naming it.
   */
  static String export(RunTrace t) {
    return ALL
        + TraceExport.allLines(t)
        + SAMPLES
        + TraceExport.samplesCsv(t)
        + ALERTS
        + TraceExport.alertLines(t);
  }

  /**
   * The summary of an export: its SHA-256 and length, then per record type (the {@code type} of
   * allLines, {@code sample} for CSV rows, {@code alert}) its count and the SHA-256 of its lines.
   */
  static String summary(String export) {
    Map<String, List<String>> byType = new LinkedHashMap<>();
    for (String[] typed : typedLines(export)) {
      byType.computeIfAbsent(typed[0], k -> new ArrayList<>()).add(typed[1]);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("export ")
        .append(sha256(export))
        .append(' ')
        .append(export.getBytes(StandardCharsets.UTF_8).length)
        .append('\n');
    for (Map.Entry<String, List<String>> e : byType.entrySet()) {
      sb.append(e.getKey())
          .append(' ')
          .append(e.getValue().size())
          .append(' ')
          .append(sha256(String.join("\n", e.getValue())))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Holds a run to its golden files, or writes them when {@code -Dotlab.regenerateGolden=true}
   * (only when the export changed, so an unchanged run leaves the files alone). Returns what
   * differs, empty when the run is golden.
   */
  static Optional<String> check(RunTrace t) {
    String key = key(t);
    String export = export(t);
    String summary = summary(export);
    Path summaryFile = DIR.resolve(key + ".txt");
    Path exportFile = DIR.resolve(key + ".export.gz");
    try {
      String stored = Files.exists(summaryFile) ? Files.readString(summaryFile) : null;
      if (Boolean.getBoolean("otlab.regenerateGolden")) {
        if (!summary.equals(stored)) {
          Files.createDirectories(DIR);
          Files.writeString(summaryFile, summary);
          Files.write(exportFile, gzip(export));
        }
        return Optional.empty();
      }
      if (stored == null) {
        return Optional.of(
            "no golden trace for " + key + " in " + DIR + ": write it with " + REGENERATE);
      }
      if (stored.equals(summary)) {
        return Optional.empty();
      }
      Files.createDirectories(ACTUAL);
      Path actualFile = ACTUAL.resolve(key + ".export");
      Files.writeString(actualFile, export);
      String expected = Files.exists(exportFile) ? gunzip(Files.readAllBytes(exportFile)) : null;
      StringBuilder sb = new StringBuilder();
      sb.append("the trace of ")
          .append(key)
          .append(" is not the golden one (same seed, so it must be byte for byte).\n")
          .append(typeTable(stored, summary));
      if (expected != null) {
        firstDifference(expected, export).ifPresent(d -> sb.append(d).append('\n'));
      }
      sb.append("This run's export: ")
          .append(actualFile.toAbsolutePath())
          .append(" (golden: ")
          .append(exportFile)
          .append(", gzipped).\n")
          .append("Only a deliberate change of what runs do or record may move it, then: ")
          .append(REGENERATE)
          .append("; a change made for speed must leave it as it is.");
      return Optional.of(sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per record type: count and digest, stored against this run's, with the ones that differ. */
  static String typeTable(String storedSummary, String summary) {
    Map<String, String[]> was = parse(storedSummary);
    Map<String, String[]> now = parse(summary);
    Set<String> types = new TreeSet<>(was.keySet());
    types.addAll(now.keySet());
    StringBuilder sb = new StringBuilder("record type: golden count -> this run's count\n");
    for (String type : types) {
      String[] a = was.getOrDefault(type, new String[] {"0", "-"});
      String[] b = now.getOrDefault(type, new String[] {"0", "-"});
      boolean same = a[1].equals(b[1]);
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-10s %8s -> %-8s %s%n",
              type,
              a[0],
              b[0],
              same ? "same" : "DIFFERS"));
    }
    return sb.toString();
  }

  private static Map<String, String[]> parse(String summary) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String line : summary.split("\n")) {
      String[] f = line.split(" ");
      if (f.length == 3 && !f[0].equals("export")) {
        out.put(f[0], new String[] {f[1], f[2]});
      }
    }
    return out;
  }

  /** The first line where two exports part, with its record type and both versions. */
  static Optional<String> firstDifference(String expected, String actual) {
    List<String[]> a = typedLines(expected);
    List<String[]> b = typedLines(actual);
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!a.get(i)[1].equals(b.get(i)[1]) || !a.get(i)[0].equals(b.get(i)[0])) {
        return Optional.of(
            "first difference at line "
                + (i + 1)
                + " ("
                + b.get(i)[0]
                + "):\n  golden:   "
                + clip(a.get(i)[1])
                + "\n  this run: "
                + clip(b.get(i)[1]));
      }
    }
    if (a.size() != b.size()) {
      List<String[]> longer = a.size() > b.size() ? a : b;
      return Optional.of(
          (a.size() > b.size() ? "this run ends" : "this run goes on")
              + " after line "
              + n
              + "; next "
              + (a.size() > b.size() ? "golden" : "extra")
              + " line ("
              + longer.get(n)[0]
              + "): "
              + clip(longer.get(n)[1]));
    }
    return Optional.empty();
  }

  /** Each line of an export with its record type. */
  private static List<String[]> typedLines(String export) {
    List<String[]> out = new ArrayList<>();
    String section = "";
    for (String line : export.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals(ALL.strip()) || line.equals(SAMPLES.strip()) || line.equals(ALERTS.strip())) {
        section = line;
        out.add(new String[] {"header", line});
        continue;
      }
      String type;
      if (section.equals(SAMPLES.strip())) {
        type = "sample";
      } else if (section.equals(ALERTS.strip())) {
        type = "alert";
      } else {
        Matcher m = TYPE.matcher(line);
        type = m.find() ? m.group(1) : "other";
      }
      out.add(new String[] {type, line});
    }
    return out;
  }

  private static String clip(String line) {
    return line.length() <= 400 ? line : line.substring(0, 400) + "...";
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  static String gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The golden summary files committed, by key. */
  static List<Path> summaries() throws IOException {
    if (!Files.isDirectory(DIR)) {
      return List.of();
    }
    try (var files = Files.list(DIR)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
  }

  /** The golden export committed beside a summary. */
  static String exportBeside(Path summaryFile) throws IOException {
    String name = summaryFile.getFileName().toString();
    Path gz = summaryFile.resolveSibling(name.substring(0, name.length() - 4) + ".export.gz");
    return gunzip(Files.readAllBytes(gz));
  }
}
