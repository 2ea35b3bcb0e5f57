package dev.otlab.scoring.arch;

import dev.otlab.network.ArchitectureSpec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Time and peak heap of the static checks ({@link CheckReport#of}, what {@code otlab check} runs)
 * over fully meshed architectures with allow-any conduits, 10 hosts per zone. Wall time and the
 * analysing thread's CPU time (the latter is what to compare on a busy machine). A benchmark, not a
 * test (its name keeps it out of surefire): run it as the README's benchmark section shows, with
 * scenarios/scoring/target/test-classes on the class path; arguments are zone counts (default 8 10
 * 20 30).
 */
public final class ReachabilityBenchmark {

  private ReachabilityBenchmark() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<Integer> sizes =
        args.length == 0
            ? List.of(8, 10, 20, 30)
            : Arrays.stream(args).map(Integer::valueOf).toList();
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.printf(
        "max heap %d MB%n%-6s %-6s %-9s %-9s %-9s %-10s %-10s %-8s%n",
        Runtime.getRuntime().maxMemory() >> 20,
        "zones",
        "hosts",
        "conduits",
        "accesses",
        "paths",
        "check ms",
        "cpu ms",
        "peak MB");
    for (int zones : sizes) {
      ArchitectureSpec spec = Meshed.architecture(zones, 10);
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long t0 = System.nanoTime();
      long c0 = threads.getCurrentThreadCpuTime();
      CheckReport report = CheckReport.of(spec);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long cpu = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
      long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      out.printf(
          "%-6d %-6d %-9d %-9d %-9d %-10d %-10d %-8d%n",
          zones,
          spec.hosts().size(),
          spec.conduits().size(),
          report.accesses().size(),
          report.attackPaths().size(),
          ms,
          cpu,
          peak >> 20);
    }
  }
}
