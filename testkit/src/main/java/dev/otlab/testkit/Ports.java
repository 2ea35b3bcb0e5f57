package dev.otlab.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Ports for tests that release a port and then bind it again. A port the kernel picked for a bind
 * to port 0 comes from the ephemeral range, which is also where every outgoing connection on the
 * machine takes its local port: once released, any process may hold it a moment later, and a test
 * that binds it again fails for reasons outside the code under test. A port below that range is
 * handed out by no one unasked.
 */
public final class Ports {

  /** Linux's default when {@code ip_local_port_range} cannot be read. */
  private static final int DEFAULT_EPHEMERAL_LOW = 32768;

  /** Where the search starts below the ephemeral range, clear of well-known service ports. */
  private static final int SEARCH_SPAN = 8192;

  private Ports() {}

  /**
   * A loopback port below the ephemeral range that is free right now: nobody else will be given it
   * by the kernel, so after the test releases it, it stays free for the test to bind again.
   */
  public static int freeBelowEphemeralRange() {
    int low = ephemeralLow();
    int from = Math.max(1024, low - SEARCH_SPAN);
    // Start at a point that depends on the process, so forks running side by side rarely probe
    // the same ports in the same order.
    int span = low - from;
    int offset = (int) (ProcessHandle.current().pid() % span);
    for (int i = 0; i < span; i++) {
      int port = from + (offset + i) % span;
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port in " + from + ".." + (low - 1) + " (below the ephemeral range)");
  }

  /** The lowest port of the kernel's ephemeral range. */
  public static int ephemeralLow() {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    try {
      if (Files.isReadable(range)) {
        // Read by line: procfs reports a size of 0, and a read sized by that hint (as
        // Files.readString does on JDK 17) returns only the first byte.
        try (BufferedReader in = Files.newBufferedReader(range)) {
          String line = in.readLine();
          if (line != null) {
            return Integer.parseInt(line.trim().split("\\s+")[0]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + range, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("unexpected content in " + range, e);
    }
    return DEFAULT_EPHEMERAL_LOW;
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
