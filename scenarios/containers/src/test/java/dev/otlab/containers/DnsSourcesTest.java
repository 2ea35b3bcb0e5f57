package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DnsSourcesTest {

  private static InetAddress ip(int last) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, (byte) 231, 3, (byte) last});
  }

  private final List<String> lookups = new ArrayList<>();
  private long now;
  private Set<InetAddress> answer = Set.of();

  private DnsSources sources() {
    return new DnsSources(
        name -> {
          lookups.add(name);
          return answer;
        },
        () -> now);
  }

  @Test
  void aKnownAddressIsAnsweredFromTheCacheAndAStrangerCostsOneLookupASecond() throws Exception {
    answer = Set.of(ip(4));
    DnsSources s = sources();
    assertThat(s.from("hmi-1", ip(4))).isTrue();
    assertThat(s.from("hmi-1", ip(4))).isTrue();
    assertThat(s.from("hmi-1", ip(9))).isFalse();
    assertThat(s.from("hmi-1", ip(9))).isFalse();
    assertThat(lookups).containsExactly("hmi-1");
    now += 1_500_000_000L;
    assertThat(s.from("hmi-1", ip(9))).isFalse();
    assertThat(lookups).containsExactly("hmi-1", "hmi-1");
  }

  @Test
  void aRestartedContainerWithANewAddressIsRecognisedAfterTheRefreshInterval() throws Exception {
    answer = Set.of(ip(4));
    DnsSources s = sources();
    assertThat(s.from("hmi-1", ip(4))).isTrue();
    answer = Set.of(ip(7));
    now += 2_000_000_000L;
    assertThat(s.from("hmi-1", ip(7))).isTrue();
    assertThat(s.from("hmi-1", ip(4))).isFalse();
  }

  @Test
  void aNameThatDoesNotResolveAllowsNobody() throws Exception {
    DnsSources s = sources();
    assertThat(s.from("hmi-1", ip(4))).isFalse();
  }
}
