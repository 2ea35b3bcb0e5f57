package dev.otlab.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortsTest {

  @Test
  void theEphemeralRangeIsReadWhole() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (!Files.isReadable(range)) {
      assertThat(Ports.ephemeralLow()).isEqualTo(32768);
      return;
    }
    String first;
    try (BufferedReader in = Files.newBufferedReader(range)) {
      first = in.readLine().trim().split("\\s+")[0];
    }
    // JDK 17 read only the first byte of this procfs file through Files.readString ("3").
    assertThat(Ports.ephemeralLow()).isEqualTo(Integer.parseInt(first)).isGreaterThan(1024);
  }
}
