package dev.otlab.network.aitm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.simulator.plc.Table;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResponseRewriterTest {

  /** FC03/FC04 request for {@code count} registers from {@code start}. */
  static byte[] readRequest(int tid, int fc, int start, int count) {
    return new byte[] {
      (byte) (tid >> 8), (byte) tid, 0, 0, 0, 6, 1, (byte) fc, 0, (byte) start, 0, (byte) count
    };
  }

  static byte[] readResponse(int tid, int fc, int... words) {
    byte[] f = new byte[9 + 2 * words.length];
    f[0] = (byte) (tid >> 8);
    f[1] = (byte) tid;
    f[5] = (byte) (3 + 2 * words.length);
    f[6] = 1;
    f[7] = (byte) fc;
    f[8] = (byte) (2 * words.length);
    for (int i = 0; i < words.length; i++) {
      f[9 + 2 * i] = (byte) (words[i] >> 8);
      f[10 + 2 * i] = (byte) words[i];
    }
    return f;
  }

  static int word(byte[] frame, int i) {
    return ((frame[9 + 2 * i] & 0xFF) << 8) | (frame[10 + 2 * i] & 0xFF);
  }

  @Test
  void freezeHoldsTheLastReportedValueWhileTheTruthMoves() {
    ResponseRewriter r = new ResponseRewriter();
    r.exchange(1, readRequest(1, 4, 0, 2), readResponse(1, 4, 1900, 300));
    r.apply(new Rewrite.Freeze(Set.of(new Cell(Table.INPUT_REGISTER, 0))));
    byte[] out = r.exchange(2, readRequest(2, 4, 0, 2), readResponse(2, 4, 2500, 301));
    assertThat(word(out, 0)).isEqualTo(1900);
    assertThat(word(out, 1)).isEqualTo(301);
    assertThat(out[1]).isEqualTo((byte) 2);
    assertThat(r.truth(new Cell(Table.INPUT_REGISTER, 0))).isEqualTo(2500);
    r.apply(new Rewrite.Pass());
    assertThat(word(r.exchange(3, readRequest(3, 4, 0, 2), readResponse(3, 4, 2600, 302)), 0))
        .isEqualTo(2600);
  }

  @Test
  void fixedValuesAndBitsAreSetInPlace() {
    ResponseRewriter r = new ResponseRewriter();
    r.apply(new Rewrite.Fixed(Map.of(new Cell(Table.COIL, 1), 1)));
    byte[] req = {0, 9, 0, 0, 0, 6, 1, 1, 0, 0, 0, 3};
    byte[] resp = {0, 9, 0, 0, 0, 4, 1, 1, 1, 0b001};
    byte[] out = r.exchange(1, req, resp);
    assertThat(out[9]).isEqualTo((byte) 0b011);
    assertThat(r.rewritten()).isEqualTo(1);
  }

  @Test
  void replayLoopsTheWindowWithTheCurrentTransactionId() {
    ResponseRewriter r = new ResponseRewriter();
    for (int t = 0; t < 10; t++) {
      r.exchange(t, readRequest(t, 3, 0, 1), readResponse(t, 3, 100 + t));
    }
    r.apply(new Rewrite.Replay(4, 6));
    int[] seen = new int[4];
    for (int i = 0; i < 4; i++) {
      byte[] out = r.exchange(20 + i, readRequest(50 + i, 3, 0, 1), readResponse(50 + i, 3, 999));
      seen[i] = word(out, 0);
      assertThat(out[1]).isEqualTo((byte) (50 + i));
    }
    assertThat(seen).containsExactly(104, 105, 106, 104);
  }

  @Test
  void writesExceptionsAndGarbagePassUnchanged() {
    SplittableRandom random = new SplittableRandom(42);
    ResponseRewriter r = new ResponseRewriter();
    r.apply(new Rewrite.Fixed(Map.of(new Cell(Table.HOLDING_REGISTER, 0), 7)));
    for (int n = 0; n < 2000; n++) {
      byte[] req = new byte[7 + random.nextInt(12)];
      byte[] resp = new byte[7 + random.nextInt(12)];
      random.nextBytes(req);
      random.nextBytes(resp);
      if (req.length > 7) {
        // Anything but a well-formed FC01-04 exchange must come back as the very same frame.
        req[7] = (byte) (5 + random.nextInt(120));
      }
      assertThat(r.exchange(n, req, resp)).isSameAs(resp);
    }
    byte[] exception = {0, 1, 0, 0, 0, 3, 1, (byte) 0x83, 2};
    assertThat(r.exchange(0, readRequest(1, 3, 0, 1), exception)).isSameAs(exception);
  }
}
