package dev.otlab.network.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a classic libpcap file (not pcapng: every tool reads it, tcpreplay included) of Ethernet
 * frames, little-endian, microsecond timestamps. The link type is Ethernet rather than raw IPv4
 * because replaying a capture into a sensor (tcpreplay onto an interface) needs whole frames, and
 * Wireshark, tshark, Zeek and Suricata read both alike.
 *
 * <p>Lab time has no date: a frame at lab time t is stamped {@link #EPOCH_SECONDS} + t, so every
 * capture starts on 2026-01-01 00:00:00 UTC and its times read as lab seconds after midnight.
 */
public final class PcapWriter {

  /** 2026-01-01T00:00:00Z, what lab time 0 is stamped as. */
  public static final long EPOCH_SECONDS = 1_767_225_600L;

  /** LINKTYPE_ETHERNET. */
  public static final int LINKTYPE_ETHERNET = 1;

  /** The longest frame written; frames are never cut. */
  public static final int SNAPLEN = 65_535;

  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);

  /** Writes the file header at once. */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4);
    b.putShort((short) 2);
    b.putShort((short) 4);
    b.putInt(0); // thiszone: timestamps are UTC
    b.putInt(0); // sigfigs
    b.putInt(SNAPLEN);
    b.putInt(LINKTYPE_ETHERNET);
    out.write(b.array());
  }

  /** Writes one frame seen at {@code labSeconds}. */
  public void frame(double labSeconds, byte[] frame) throws IOException {
    long micros = Math.round(labSeconds * 1_000_000d);
    header.clear();
    header.putInt((int) (EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L)));
    header.putInt((int) Math.floorMod(micros, 1_000_000L));
    header.putInt(frame.length);
    header.putInt(frame.length);
    out.write(header.array());
    out.write(frame);
  }
}
