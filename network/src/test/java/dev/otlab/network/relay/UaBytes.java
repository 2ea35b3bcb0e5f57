package dev.otlab.network.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A little-endian writer for hand-built OPC UA binary test messages. */
final class UaBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  UaBytes u8(int v) {
    out.write(v);
    return this;
  }

  UaBytes u16(int v) {
    return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
  }

  UaBytes u32(long v) {
    return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
  }

  UaBytes i64(long v) {
    return u32(v & 0xFFFFFFFFL).u32(v >>> 32);
  }

  UaBytes f64(double v) {
    return i64(Double.doubleToRawLongBits(v));
  }

  UaBytes ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  UaBytes string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    out.writeBytes(b);
    return this;
  }

  UaBytes nullString() {
    return u32(0xFFFFFFFFL);
  }

  UaBytes pad(int n) {
    out.writeBytes(new byte[n]);
    return this;
  }

  UaBytes raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** A string NodeId: encoding 3, namespace, string. */
  UaBytes stringNodeId(int ns, String id) {
    return u8(3).u16(ns).string(id);
  }

  /** A four-byte numeric NodeId. */
  UaBytes numericNodeId(int ns, int id) {
    return u8(1).u8(ns).u16(id);
  }

  /** A minimal request header: null token, no audit id, no additional header. */
  UaBytes requestHeader() {
    return u8(0).u8(0).i64(0).u32(1).u32(0).nullString().u32(5000).u8(0).u8(0).u8(0);
  }

  /** A minimal response header with the given service result. */
  UaBytes responseHeader(long serviceResult) {
    return i64(0).u32(1).u32(serviceResult).u8(0).u32(0xFFFFFFFFL).u8(0).u8(0).u8(0);
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  /** A final MSG chunk with the given request id and body. */
  static byte[] msg(long requestId, long sequence, byte[] body) {
    return chunk("MSG", 'F', requestId, sequence, body);
  }

  static byte[] chunk(String type, char chunkType, long requestId, long sequence, byte[] body) {
    return new UaBytes()
        .ascii(type)
        .u8(chunkType)
        .u32(24 + body.length)
        .u32(77)
        .u32(1)
        .u32(sequence)
        .u32(requestId)
        .raw(body)
        .bytes();
  }

  /** An OPN chunk with the given policy; for None a plain body follows, else opaque bytes. */
  static byte[] opn(String policyUri, long requestId) {
    UaBytes b = new UaBytes().u32(0).string(policyUri).u32(0xFFFFFFFFL).u32(0xFFFFFFFFL);
    if (policyUri.endsWith("#None")) {
      b.u32(1)
          .u32(requestId)
          .numericNodeId(0, 446)
          .requestHeader()
          .u32(0)
          .u32(0)
          .u32(1)
          .u32(0xFFFFFFFFL)
          .u32(60000);
    } else {
      b.pad(64);
      for (int i = 0; i < 64; i++) {
        b.u8((i * 37 + 11) & 0xFF);
      }
    }
    byte[] rest = b.bytes();
    return new UaBytes().ascii("OPNF").u32(8 + rest.length).raw(rest).bytes();
  }
}
