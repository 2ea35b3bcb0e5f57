package dev.otlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code otlab evaluate} launched as a user launches it: the {@code ./otlab} script with its
 * own JVM options, as a child process. Measured from outside: wall time from launch to exit, and
 * the child's peak resident set size (GNU time's maximum RSS where {@code /usr/bin/time} exists,
 * otherwise VmHWM of {@code /proc/PID/status} read every 10 ms until it exits).
 *
 * @param wallSeconds launch to exit
 * @param simulatedSeconds simulated time of all its runs, from its {@code --json}
 * @param evaluationWallSeconds the wall time the evaluation reports itself (without JVM start)
 * @param peakRssMiB peak RSS of the child JVM
 * @param rssSource how the peak was read
 */
record SuiteRun(
    double wallSeconds,
    double simulatedSeconds,
    double evaluationWallSeconds,
    double peakRssMiB,
    String rssSource) {

  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  static SuiteRun launch(
      Path launcher, String architecture, String suite, int seeds, Path pki, Path work)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path json = work.resolve(architecture + "-" + seeds + ".json");
    Path log = work.resolve(architecture + "-" + seeds + ".log");
    Path rss = work.resolve(architecture + "-" + seeds + ".rss");
    Files.deleteIfExists(rss);
    List<String> cmd = new ArrayList<>();
    boolean gnuTime = Files.isExecutable(GNU_TIME);
    if (gnuTime) {
      cmd.addAll(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rss.toString()));
    }
    cmd.addAll(
        List.of(
            launcher.toString(),
            "evaluate",
            "--architecture",
            architecture,
            "--suite",
            suite,
            "--seeds",
            Integer.toString(seeds),
            "--speed",
            "max",
            "--json",
            "--pki",
            pki.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(json.toFile())
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    long t0 = System.nanoTime();
    Process p = pb.start();
    long hwmKiB = 0;
    if (!gnuTime) {
      Path status = Path.of("/proc", Long.toString(p.pid()), "status");
      while (p.isAlive()) {
        hwmKiB = Math.max(hwmKiB, vmHwmKiB(status));
        // Polling the child's high-water mark; nothing to pace on a lab clock here.
        p.waitFor(10, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
    int status = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    if (status != 0) {
      throw new IOException(
          "otlab evaluate --architecture "
              + architecture
              + " --seeds "
              + seeds
              + " exited with "
              + status
              + "; its output is in "
              + log);
    }
    if (Files.readString(log).contains("otlab: building")) {
      // The launcher found stale sources and built the reactor inside the measurement.
      throw new IOException(
          "./otlab built the project while measured; run ./otlab --version once, then bench/run.");
    }
    if (gnuTime) {
      List<String> lines = Files.readAllLines(rss);
      hwmKiB = Long.parseLong(lines.get(lines.size() - 1).trim());
    }
    JsonNode e = new ObjectMapper().readTree(json.toFile());
    return new SuiteRun(
        wall,
        e.path("simulatedSeconds").asDouble(Double.NaN),
        e.path("wallSeconds").asDouble(Double.NaN),
        hwmKiB / 1024.0,
        gnuTime ? "maximum RSS by GNU time" : "VmHWM polled every 10 ms");
  }

  /** VmHWM in KiB, 0 when the process is gone or has no memory map yet. */
  static long vmHwmKiB(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // The process exited between two polls: its last reading stands.
    }
    return 0;
  }
}
