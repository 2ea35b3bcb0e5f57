package dev.otlab.dashboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stored artifacts read back as the same text, small ones untouched, large ones much smaller. */
class ArtifactCodecTest {

  @Test
  void smallBodiesStayPlain() {
    String small = "{\"a\":1}";
    ArtifactCodec.Stored s = ArtifactCodec.encode(small);
    assertThat(s.encoding()).isEqualTo(ArtifactCodec.PLAIN);
    assertThat(s.text()).isEqualTo(small);
    assertThat(ArtifactCodec.decode(s.encoding(), s.text())).isEqualTo(small);
  }

  @Test
  void largeBodiesAreCompressedAndReadBackExactly() {
    StringBuilder trace = new StringBuilder();
    Random r = new Random(5);
    for (int i = 0; trace.length() < 500_000; i++) {
      trace
          .append("{\"t\":")
          .append(i * 100)
          .append(",\"type\":\"sample\",\"tag\":\"LT-101\",\"value\":")
          .append(2.5 + r.nextGaussian() / 10)
          .append(",\"note\":\"é → ü\"}\n");
    }
    String body = trace.toString();
    ArtifactCodec.Stored s = ArtifactCodec.encode(body);
    assertThat(s.encoding()).isEqualTo(ArtifactCodec.GZIP_BASE64);
    assertThat(s.text()).matches("[A-Za-z0-9+/=]+");
    assertThat(s.text().length()).isLessThan(body.length() / 3);
    assertThat(ArtifactCodec.decode(s.encoding(), s.text())).isEqualTo(body);
  }

  @Test
  void rowsFromBeforeTheEncodingColumnAreReadAsTheyAre() {
    String old = "x".repeat(ArtifactCodec.COMPRESS_FROM * 2);
    assertThat(ArtifactCodec.decode("plain", old)).isEqualTo(old);
  }
}
