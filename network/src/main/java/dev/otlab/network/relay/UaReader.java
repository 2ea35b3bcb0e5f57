package dev.otlab.network.relay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A bounds-checked little-endian cursor over OPC UA binary encoding (Part 6, 5.2). Every read
 * checks the remaining length first, so a hostile length field costs an exception, never an
 * allocation; {@link Malformed} is the only exception it throws.
 */
final class UaReader {

  /** The bytes do not hold what the encoding promises. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Deeper nesting than any sane message uses; stops recursion bombs. */
  private static final int MAX_DEPTH = 16;

  /** Elements of one array; far beyond a sane request and small enough to bound the work. */
  private static final int MAX_ARRAY = 100_000;

  private final byte[] b;
  private final int end;
  private int pos;

  UaReader(byte[] bytes, int offset) {
    this.b = bytes;
    this.end = bytes.length;
    this.pos = offset;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  private void need(int n) {
    if (n < 0 || end - pos < n) {
      throw new Malformed("needs " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
    }
  }

  void skip(int n) {
    need(n);
    pos += n;
  }

  int u8() {
    need(1);
    return b[pos++] & 0xFF;
  }

  int u16() {
    need(2);
    int v = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  int i32() {
    need(4);
    int v =
        (b[pos] & 0xFF)
            | (b[pos + 1] & 0xFF) << 8
            | (b[pos + 2] & 0xFF) << 16
            | (b[pos + 3] & 0xFF) << 24;
    pos += 4;
    return v;
  }

  long u32() {
    return i32() & 0xFFFFFFFFL;
  }

  long i64() {
    long lo = u32();
    long hi = u32();
    return lo | hi << 32;
  }

  double f64() {
    return Double.longBitsToDouble(i64());
  }

  float f32() {
    return Float.intBitsToFloat(i32());
  }

  /** A length-prefixed string; null for the null string (length -1). */
  @Nullable String string() {
    int n = i32();
    if (n < 0) {
      return null;
    }
    need(n);
    String s = new String(b, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** Skips a length-prefixed ByteString, String or XmlElement. */
  void skipBytes() {
    int n = i32();
    if (n > 0) {
      skip(n);
    }
  }

  /** A NodeId in the text form of Part 6, 5.3.1.10: {@code ns=2;s=plc.level} or {@code i=2258}. */
  String nodeId() {
    int encoding = u8();
    return nodeIdBody(encoding & 0x3F);
  }

  private String nodeIdBody(int encoding) {
    switch (encoding) {
      case 0:
        return "i=" + u8();
      case 1:
        return ns(u8()) + "i=" + u16();
      case 2:
        return ns(u16()) + "i=" + u32();
      case 3:
        {
          int ns = u16();
          String s = string();
          return ns(ns) + "s=" + (s == null ? "" : s);
        }
      case 4:
        {
          int ns = u16();
          need(16);
          String g = guid();
          return ns(ns) + "g=" + g;
        }
      case 5:
        {
          int ns = u16();
          int n = i32();
          byte[] raw = new byte[0];
          if (n > 0) {
            need(n);
            raw = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
          }
          return ns(ns) + "b=" + Base64.getEncoder().encodeToString(raw);
        }
      default:
        throw new Malformed("NodeId encoding " + encoding + " is not defined");
    }
  }

  /** The numeric id of an ns=0 NodeId, or -1 when the NodeId is of another kind. */
  long numericNs0NodeId() {
    int encoding = u8();
    switch (encoding) {
      case 0:
        return u8();
      case 1:
        {
          int ns = u8();
          int id = u16();
          return ns == 0 ? id : -1;
        }
      case 2:
        {
          int ns = u16();
          long id = u32();
          return ns == 0 ? id : -1;
        }
      default:
        nodeIdBody(encoding & 0x3F);
        return -1;
    }
  }

  String expandedNodeId() {
    int encoding = u8();
    String id = nodeIdBody(encoding & 0x3F);
    if ((encoding & 0x80) != 0) {
      String uri = string();
      id = "nsu=" + uri + ";" + id.replaceFirst("^ns=\\d+;", "");
    }
    if ((encoding & 0x40) != 0) {
      id = "svr=" + u32() + ";" + id;
    }
    return id;
  }

  private static String ns(int ns) {
    return ns == 0 ? "" : "ns=" + ns + ";";
  }

  private String guid() {
    long d1 = u32();
    int d2 = u16();
    int d3 = u16();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%08x-%04x-%04x-", d1, d2, d3));
    for (int i = 0; i < 8; i++) {
      if (i == 2) {
        sb.append('-');
      }
      sb.append(String.format(Locale.ROOT, "%02x", u8()));
    }
    return sb.toString();
  }

  void skipDiagnosticInfo() {
    skipDiagnosticInfo(0);
  }

  private void skipDiagnosticInfo(int depth) {
    depth(depth);
    int mask = u8();
    for (int bit = 0x01; bit <= 0x08; bit <<= 1) {
      if ((mask & bit) != 0) {
        skip(4);
      }
    }
    if ((mask & 0x10) != 0) {
      skipBytes();
    }
    if ((mask & 0x20) != 0) {
      skip(4);
    }
    if ((mask & 0x40) != 0) {
      skipDiagnosticInfo(depth + 1);
    }
  }

  void skipExtensionObject() {
    nodeId();
    int encoding = u8();
    if (encoding == 1 || encoding == 2) {
      skipBytes();
    } else if (encoding != 0) {
      throw new Malformed("ExtensionObject encoding " + encoding + " is not defined");
    }
  }

  void skipLocalizedText() {
    int mask = u8();
    if ((mask & 0x01) != 0) {
      skipBytes();
    }
    if ((mask & 0x02) != 0) {
      skipBytes();
    }
  }

  /** Array length prefix; -1 (null array) reads as 0. */
  int arrayLength() {
    int n = i32();
    if (n > MAX_ARRAY) {
      throw new Malformed("array of " + n + " elements exceeds " + MAX_ARRAY);
    }
    return Math.max(0, n);
  }

  /** A Variant as a number (Boolean as 0 or 1) when it is a numeric scalar, else NaN. */
  double variantAsDouble() {
    return variant(0);
  }

  private double variant(int depth) {
    depth(depth);
    int mask = u8();
    int type = mask & 0x3F;
    boolean array = (mask & 0x80) != 0;
    if (type == 0) {
      return Double.NaN;
    }
    if (!array) {
      return scalar(type, depth);
    }
    int n = arrayLength();
    for (int i = 0; i < n; i++) {
      scalar(type, depth);
    }
    if ((mask & 0x40) != 0) {
      int dims = arrayLength();
      skip(4 * dims);
    }
    return Double.NaN;
  }

  private double scalar(int type, int depth) {
    switch (type) {
      case 1:
        return u8() != 0 ? 1 : 0;
      case 2:
        return (byte) u8();
      case 3:
        return u8();
      case 4:
        return (short) u16();
      case 5:
        return u16();
      case 6:
        return i32();
      case 7:
        return u32();
      case 8:
        return i64();
      case 9:
        {
          long v = i64();
          return v >= 0 ? v : (double) (v >>> 1) * 2.0;
        }
      case 10:
        return f32();
      case 11:
        return f64();
      case 13:
      case 19:
        skip(type == 13 ? 8 : 4);
        return Double.NaN;
      case 12:
      case 15:
      case 16:
        skipBytes();
        return Double.NaN;
      case 14:
        skip(16);
        return Double.NaN;
      case 17:
        nodeId();
        return Double.NaN;
      case 18:
        expandedNodeId();
        return Double.NaN;
      case 20:
        skip(2);
        skipBytes();
        return Double.NaN;
      case 21:
        skipLocalizedText();
        return Double.NaN;
      case 22:
        skipExtensionObject();
        return Double.NaN;
      case 23:
        dataValue(depth + 1);
        return Double.NaN;
      case 24:
        variant(depth + 1);
        return Double.NaN;
      case 25:
        skipDiagnosticInfo(depth + 1);
        return Double.NaN;
      default:
        throw new Malformed("Variant type " + type + " is not defined");
    }
  }

  /**
   * Reads a DataValue; returns its value as a number (NaN when it has none or it is not a numeric
   * scalar) and leaves its status in {@link #lastStatus}.
   */
  double dataValue() {
    return dataValue(0);
  }

  private long lastStatus;

  long lastStatus() {
    return lastStatus;
  }

  private double dataValue(int depth) {
    depth(depth);
    int mask = u8();
    double value = (mask & 0x01) != 0 ? variant(depth + 1) : Double.NaN;
    long status = (mask & 0x02) != 0 ? u32() : 0;
    if ((mask & 0x04) != 0) {
      skip(8);
    }
    if ((mask & 0x10) != 0) {
      skip(2);
    }
    if ((mask & 0x08) != 0) {
      skip(8);
    }
    if ((mask & 0x20) != 0) {
      skip(2);
    }
    lastStatus = status;
    return value;
  }

  private static void depth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new Malformed("nesting deeper than " + MAX_DEPTH);
    }
  }
}
