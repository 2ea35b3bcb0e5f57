package dev.otlab.network.relay;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Cuts one direction of a TCP stream into protocol frames, whatever the chunking: bytes go in as
 * they arrive, whole frames come out. Never throws on hostile input; a stream that cannot be framed
 * yields {@link Next.Malformed} and stays malformed, since after a bad length field there is no
 * frame boundary left to resynchronise on.
 */
public final class StreamFramer {

  /** Where a frame ends, from its first bytes. */
  @FunctionalInterface
  public interface Boundary {
    /**
     * @param buf bytes received so far, starting at a frame boundary
     * @param available how many of them are valid
     * @return the whole frame's length, {@link #NEED_MORE} when the header is incomplete
     * @throws IllegalArgumentException with a reason when the header is not valid
     */
    int frameLength(byte[] buf, int available);

    int NEED_MORE = -1;
  }

  /** What the stream holds next. */
  public sealed interface Next {
    record Frame(byte[] bytes) implements Next {}

    record NeedMore() implements Next {}

    record Malformed(String reason) implements Next {}
  }

  private static final Next NEED_MORE = new Next.NeedMore();

  private final Boundary boundary;
  private final int maxFrame;
  private byte[] buf;
  private int len;
  private @Nullable String malformed;

  /**
   * @param boundary the protocol's framing rule
   * @param maxFrame the largest frame accepted; the boundary should refuse larger ones itself, this
   *     is the backstop that bounds memory
   */
  public StreamFramer(Boundary boundary, int maxFrame) {
    this.boundary = boundary;
    this.maxFrame = maxFrame;
    this.buf = new byte[Math.min(maxFrame, 4096)];
  }

  /** Appends received bytes. */
  public void feed(byte[] data, int off, int n) {
    if (malformed != null) {
      return;
    }
    if (len + n > buf.length) {
      int needed = len + n;
      if (needed > maxFrame * 2L) {
        // More than a frame plus the next frame's worth of bytes unconsumed: the caller is not
        // draining, or a frame claims more than allowed. Either way stop buffering.
        malformed = "more than " + (maxFrame * 2L) + " bytes buffered without a complete frame";
        return;
      }
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
    System.arraycopy(data, off, buf, len, n);
    len += n;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  /** The next complete frame, or that more bytes are needed, or why the stream is malformed. */
  public Next next() {
    if (malformed != null) {
      return new Next.Malformed(malformed);
    }
    if (len == 0) {
      return NEED_MORE;
    }
    int frameLength;
    try {
      frameLength = boundary.frameLength(buf, len);
    } catch (IllegalArgumentException e) {
      malformed = String.valueOf(e.getMessage());
      return new Next.Malformed(malformed);
    }
    if (frameLength == Boundary.NEED_MORE) {
      return NEED_MORE;
    }
    if (frameLength < 1 || frameLength > maxFrame) {
      malformed = "frame of " + frameLength + " bytes exceeds the limit of " + maxFrame;
      return new Next.Malformed(malformed);
    }
    if (len < frameLength) {
      return NEED_MORE;
    }
    byte[] frame = Arrays.copyOf(buf, frameLength);
    System.arraycopy(buf, frameLength, buf, 0, len - frameLength);
    len -= frameLength;
    return new Next.Frame(frame);
  }

  /** Whether part of a frame has arrived and the rest is outstanding (the frame timeout runs). */
  public boolean midFrame() {
    return len > 0 && malformed == null;
  }

  /** Bytes held that do not form a complete frame yet. */
  public int buffered() {
    return len;
  }
}
