package dev.otlab.network.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * The TCP/IPv4 Ethernet frames of one connection, built as its events come: the three-way handshake
 * with an MSS option, data split at {@link #MSS} with sequence and acknowledgement numbers that add
 * up, acknowledgements, the FIN exchange or a reset. Checksums are computed, never left zero, so a
 * dissector validating them finds them right.
 */
final class TcpFrames {

  /** Maximum segment size on Ethernet: 1500 MTU less 20 bytes IPv4 and 20 bytes TCP headers. */
  static final int MSS = 1460;

  /** The window both ends advertise; data in flight never exceeds two segments. */
  static final int WINDOW = 64_240;

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;

  /** One end: Ethernet address, IPv4 address, TCP port. */
  record End(byte[] mac, byte[] ip, int port) {}

  /** A frame and which way it went. */
  record Frame(byte[] bytes, boolean fromClient, int payload) {}

  private final End client;
  private final End server;
  private final int clientIsn;
  private final int serverIsn;
  private int clientNext;
  private int serverNext;
  private int clientIpId;
  private int serverIpId;

  TcpFrames(End client, End server, int clientIsn, int serverIsn) {
    this.client = client;
    this.server = server;
    this.clientIsn = clientIsn;
    this.serverIsn = serverIsn;
    this.clientIpId = clientIsn >>> 16;
    this.serverIpId = serverIsn >>> 16;
  }

  /** The client's SYN. */
  List<Frame> syn() {
    clientNext = clientIsn + 1;
    return List.of(segment(true, clientIsn, 0, SYN, true, new byte[0], 0, 0));
  }

  /** The server's SYN-ACK and the client's ACK, after {@link #syn()}. */
  List<Frame> accept() {
    serverNext = serverIsn + 1;
    return List.of(
        segment(false, serverIsn, clientNext, SYN | ACK, true, new byte[0], 0, 0),
        segment(true, clientNext, serverNext, ACK, false, new byte[0], 0, 0));
  }

  /** The server's reset answering the client's SYN: a refused connection. */
  List<Frame> refuse() {
    return List.of(segment(false, 0, clientNext, RST | ACK, false, new byte[0], 0, 0));
  }

  /**
   * Bytes one side sent, in segments of at most {@link #MSS}, the last pushed; the receiver
   * acknowledges every second segment, and at the end when {@code ackAtEnd} (otherwise its next
   * data segment carries the acknowledgement).
   */
  List<Frame> data(boolean fromClient, byte[] bytes, boolean ackAtEnd) {
    List<Frame> out = new ArrayList<>();
    int segments = 0;
    for (int off = 0; off < bytes.length; off += MSS) {
      int len = Math.min(MSS, bytes.length - off);
      boolean last = off + len >= bytes.length;
      int seq = fromClient ? clientNext : serverNext;
      int ack = fromClient ? serverNext : clientNext;
      out.add(segment(fromClient, seq, ack, ACK | (last ? PSH : 0), false, bytes, off, len));
      if (fromClient) {
        clientNext += len;
      } else {
        serverNext += len;
      }
      segments++;
      if ((segments % 2 == 0 && !last) || (last && ackAtEnd)) {
        out.add(ack(!fromClient));
      }
    }
    return out;
  }

  /** A pure acknowledgement from {@code fromClient}'s side of everything it has received. */
  Frame ack(boolean fromClient) {
    return segment(
        fromClient,
        fromClient ? clientNext : serverNext,
        fromClient ? serverNext : clientNext,
        ACK,
        false,
        new byte[0],
        0,
        0);
  }

  /** The orderly close {@code clientFirst} or the server started: FIN, FIN, ACK. */
  List<Frame> close(boolean clientFirst) {
    List<Frame> out = new ArrayList<>();
    out.add(fin(clientFirst));
    out.add(fin(!clientFirst));
    out.add(ack(clientFirst));
    return out;
  }

  /** A reset from the client of an open connection. */
  List<Frame> reset() {
    return List.of(segment(true, clientNext, serverNext, RST | ACK, false, new byte[0], 0, 0));
  }

  private Frame fin(boolean fromClient) {
    int seq = fromClient ? clientNext : serverNext;
    int ack = fromClient ? serverNext : clientNext;
    Frame f = segment(fromClient, seq, ack, FIN | ACK, false, new byte[0], 0, 0);
    if (fromClient) {
      clientNext++;
    } else {
      serverNext++;
    }
    return f;
  }

  private Frame segment(
      boolean fromClient,
      int seq,
      int ack,
      int flags,
      boolean mssOption,
      byte[] payload,
      int off,
      int len) {
    End src = fromClient ? client : server;
    End dst = fromClient ? server : client;
    int tcpHeader = mssOption ? 24 : 20;
    int ipLength = 20 + tcpHeader + len;
    byte[] f = new byte[14 + ipLength];
    // Ethernet II
    System.arraycopy(dst.mac(), 0, f, 0, 6);
    System.arraycopy(src.mac(), 0, f, 6, 6);
    put16(f, 12, 0x0800);
    // IPv4, don't fragment, TTL 64
    int ip = 14;
    f[ip] = 0x45;
    put16(f, ip + 2, ipLength);
    put16(f, ip + 4, fromClient ? clientIpId++ : serverIpId++);
    put16(f, ip + 6, 0x4000);
    f[ip + 8] = 64;
    f[ip + 9] = 6;
    System.arraycopy(src.ip(), 0, f, ip + 12, 4);
    System.arraycopy(dst.ip(), 0, f, ip + 16, 4);
    put16(f, ip + 10, checksum(f, ip, 20, 0));
    // TCP
    int tcp = ip + 20;
    put16(f, tcp, src.port());
    put16(f, tcp + 2, dst.port());
    put32(f, tcp + 4, seq);
    put32(f, tcp + 8, (flags & ACK) != 0 ? ack : 0);
    f[tcp + 12] = (byte) ((tcpHeader / 4) << 4);
    f[tcp + 13] = (byte) flags;
    put16(f, tcp + 14, WINDOW);
    if (mssOption) {
      f[tcp + 20] = 2;
      f[tcp + 21] = 4;
      put16(f, tcp + 22, MSS);
    }
    System.arraycopy(payload, off, f, tcp + tcpHeader, len);
    long pseudo = sum(src.ip(), 0, 4) + sum(dst.ip(), 0, 4) + 6 + tcpHeader + len;
    put16(f, tcp + 16, checksum(f, tcp, tcpHeader + len, pseudo));
    return new Frame(f, fromClient, len);
  }

  /** The Internet checksum of {@code len} bytes from {@code off}, starting from {@code initial}. */
  static int checksum(byte[] b, int off, int len, long initial) {
    long s = initial + sum(b, off, len);
    while ((s >> 16) != 0) {
      s = (s & 0xFFFF) + (s >> 16);
    }
    return (int) (~s & 0xFFFF);
  }

  private static long sum(byte[] b, int off, int len) {
    long s = 0;
    int i = off;
    for (; i + 1 < off + len; i += 2) {
      s += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
    if (i < off + len) {
      s += (b[i] & 0xFF) << 8;
    }
    return s;
  }

  private static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static void put32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
