package dev.otlab.network.relay;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One MQTT control packet (3.1, 3.1.1 or 5) as a relay reads it: what a topic rule judges and a tap
 * reports. A password is skipped, never kept; a payload is kept only as its size and, in the lab's
 * JSON style ({@code {"ts":...,"value":...}}), its numeric value.
 *
 * @param type packet type 1..15 ({@link #CONNECT} ...)
 * @param flags the fixed header's low four bits
 * @param packetId packet identifier, -1 when the packet has none
 * @param protocolLevel CONNECT: 3, 4 (3.1.1) or 5; else 0
 * @param clientId CONNECT: the client identifier
 * @param userName CONNECT: the user name, null when none
 * @param returnCode CONNACK: return (reason) code; PUBACK, PUBREC, PUBCOMP, DISCONNECT of MQTT 5:
 *     the reason code (0 when omitted); else -1
 * @param topics PUBLISH: its topic name (empty under an MQTT 5 topic alias, see {@code
 *     topicAlias}); SUBSCRIBE and UNSUBSCRIBE: their topic filters
 * @param codes SUBACK and MQTT 5 UNSUBACK: the return code per filter
 * @param payloadSize PUBLISH: payload bytes, else 0
 * @param value PUBLISH: the number in a JSON payload's {@code "value"}, null when none
 * @param topicAlias PUBLISH of MQTT 5: its topic alias property, 0 when none
 */
public record MqttMessage(
    int type,
    int flags,
    int packetId,
    int protocolLevel,
    String clientId,
    @Nullable String userName,
    int returnCode,
    List<String> topics,
    List<Integer> codes,
    int payloadSize,
    @Nullable Double value,
    int topicAlias) {

  public static final int CONNECT = 1;
  public static final int CONNACK = 2;
  public static final int PUBLISH = 3;
  public static final int PUBACK = 4;
  public static final int PUBREC = 5;
  public static final int PUBREL = 6;
  public static final int PUBCOMP = 7;
  public static final int SUBSCRIBE = 8;
  public static final int SUBACK = 9;
  public static final int UNSUBSCRIBE = 10;
  public static final int UNSUBACK = 11;
  public static final int PINGREQ = 12;
  public static final int PINGRESP = 13;
  public static final int DISCONNECT = 14;
  public static final int AUTH = 15;

  private static final String[] NAMES = {
    "RESERVED", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
    "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "AUTH"
  };

  /**
   * Largest packet a relay buffers. MQTT allows 256 MiB; the lab's payloads are small JSON, and a
   * relay that buffered a whole maximal packet per connection would be a memory lever for a client.
   */
  public static final int MAX_FRAME = 256 * 1024;

  /** The largest JSON payload whose value a tap reads. */
  private static final int MAX_JSON = 4096;

  public MqttMessage {
    topics = List.copyOf(topics);
    codes = List.copyOf(codes);
  }

  /** The fixed header's remaining-length framing (at most four varint bytes). */
  public static final StreamFramer.Boundary BOUNDARY =
      (buf, available) -> {
        if (available < 2) {
          return StreamFramer.Boundary.NEED_MORE;
        }
        if ((buf[0] & 0xF0) == 0) {
          throw new IllegalArgumentException("MQTT packet type 0 is reserved");
        }
        int length = 0;
        int shift = 0;
        for (int i = 1; i <= 4; i++) {
          if (i >= available) {
            return StreamFramer.Boundary.NEED_MORE;
          }
          int b = buf[i] & 0xFF;
          length |= (b & 0x7F) << shift;
          if ((b & 0x80) == 0) {
            long total = 1L + i + length;
            if (total > MAX_FRAME) {
              throw new IllegalArgumentException(
                  "MQTT packet of " + total + " bytes exceeds the relay's limit of " + MAX_FRAME);
            }
            return (int) total;
          }
          shift += 7;
        }
        throw new IllegalArgumentException("MQTT remaining length runs past four bytes");
      };

  public static StreamFramer framer() {
    return new StreamFramer(BOUNDARY, MAX_FRAME);
  }

  /** The packet type's name ({@code PUBLISH}). */
  public static String typeName(int type) {
    return type >= 0 && type < NAMES.length ? NAMES[type] : "UNKNOWN";
  }

  public String typeName() {
    return typeName(type);
  }

  /** PUBLISH: quality of service 0..2. */
  public int qos() {
    return (flags >> 1) & 3;
  }

  /** PUBLISH: the retain flag. */
  public boolean retain() {
    return (flags & 1) != 0;
  }

  /**
   * Decodes one whole frame (as {@link #BOUNDARY} cut it).
   *
   * @param version the connection's protocol level (from its CONNECT; 4 before one is seen): MQTT 5
   *     packets carry properties the others do not
   * @throws IllegalArgumentException with the reason when the packet is malformed
   */
  public static MqttMessage decode(byte[] frame, int version) {
    Reader r = new Reader(frame);
    int first = r.u8();
    int type = first >>> 4;
    int flags = first & 0x0F;
    r.varint();
    boolean v5 = version >= 5;
    return switch (type) {
      case CONNECT -> connect(r, flags);
      case CONNACK -> {
        r.u8();
        int rc = r.u8();
        yield simple(type, flags, -1, rc);
      }
      case PUBLISH -> publish(r, flags, v5);
      case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
        int id = r.u16();
        int rc = v5 && r.remaining() > 0 ? r.u8() : 0;
        yield simple(type, flags, id, rc);
      }
      case SUBSCRIBE, UNSUBSCRIBE -> {
        int id = r.u16();
        if (v5) {
          r.skipProperties();
        }
        List<String> filters = new ArrayList<>();
        while (r.remaining() > 0) {
          filters.add(r.string());
          if (type == SUBSCRIBE) {
            int options = r.u8();
            if ((options & 3) == 3) {
              throw new IllegalArgumentException("SUBSCRIBE asks for QoS 3");
            }
          }
        }
        if (filters.isEmpty()) {
          throw new IllegalArgumentException(typeName(type) + " names no topic filter");
        }
        yield new MqttMessage(type, flags, id, 0, "", null, -1, filters, List.of(), 0, null, 0);
      }
      case SUBACK, UNSUBACK -> {
        int id = r.u16();
        if (v5) {
          r.skipProperties();
        }
        List<Integer> codes = new ArrayList<>();
        while (r.remaining() > 0) {
          codes.add(r.u8());
        }
        yield new MqttMessage(type, flags, id, 0, "", null, -1, List.of(), codes, 0, null, 0);
      }
      case PINGREQ, PINGRESP -> simple(type, flags, -1, -1);
      case DISCONNECT, AUTH -> {
        if (type == AUTH && !v5) {
          throw new IllegalArgumentException("AUTH exists in MQTT 5 only");
        }
        int rc = v5 && r.remaining() > 0 ? r.u8() : 0;
        yield simple(type, flags, -1, rc);
      }
      default -> throw new IllegalArgumentException("MQTT packet type " + type + " is reserved");
    };
  }

  private static MqttMessage simple(int type, int flags, int id, int rc) {
    return new MqttMessage(type, flags, id, 0, "", null, rc, List.of(), List.of(), 0, null, 0);
  }

  private static MqttMessage connect(Reader r, int flags) {
    String protocol = r.string();
    int level = r.u8();
    boolean known =
        (protocol.equals("MQTT") && (level == 4 || level == 5))
            || (protocol.equals("MQIsdp") && level == 3);
    if (!known) {
      throw new IllegalArgumentException(
          "CONNECT names protocol " + protocol + " level " + level + ", not MQTT 3.1, 3.1.1 or 5");
    }
    int connectFlags = r.u8();
    if ((connectFlags & 1) != 0) {
      throw new IllegalArgumentException("CONNECT sets the reserved flag");
    }
    r.u16(); // keep alive
    boolean v5 = level == 5;
    if (v5) {
      r.skipProperties();
    }
    String clientId = r.string();
    if ((connectFlags & 0x04) != 0) {
      if (v5) {
        r.skipProperties();
      }
      r.string(); // will topic
      r.skip(r.u16()); // will payload
    }
    String user = (connectFlags & 0x80) != 0 ? r.string() : null;
    if ((connectFlags & 0x40) != 0) {
      // The password is read past and dropped: a tap never records it.
      r.skip(r.u16());
    }
    return new MqttMessage(
        CONNECT, flags, -1, level, clientId, user, -1, List.of(), List.of(), 0, null, 0);
  }

  private static MqttMessage publish(Reader r, int flags, boolean v5) {
    int qos = (flags >> 1) & 3;
    if (qos == 3) {
      throw new IllegalArgumentException("PUBLISH with QoS 3");
    }
    String topic = r.string();
    int id = qos > 0 ? r.u16() : -1;
    int alias = 0;
    if (v5) {
      alias = r.publishProperties();
    }
    if (topic.isEmpty() && alias == 0) {
      throw new IllegalArgumentException("PUBLISH names no topic");
    }
    int size = r.remaining();
    Double value = size <= MAX_JSON ? jsonValue(r.rest()) : null;
    return new MqttMessage(
        PUBLISH, flags, id, 0, "", null, -1, List.of(topic), List.of(), size, value, alias);
  }

  /**
   * The number under the key {@code "value"} of a JSON object payload ({@code true}/{@code false}
   * read as 1/0), or null when the payload has none. A scan, not a parser: the lab's payloads are
   * flat objects, and a tap must not fail on anything else.
   */
  static @Nullable Double jsonValue(byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8);
    int k = s.indexOf("\"value\"");
    if (k < 0) {
      return null;
    }
    int i = k + 7;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i >= s.length() || s.charAt(i) != ':') {
      return null;
    }
    i++;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (s.startsWith("true", i)) {
      return 1.0;
    }
    if (s.startsWith("false", i)) {
      return 0.0;
    }
    int end = i;
    while (end < s.length() && "+-0123456789.eE".indexOf(s.charAt(end)) >= 0) {
      end++;
    }
    if (end == i) {
      return null;
    }
    try {
      double d = Double.parseDouble(s.substring(i, end));
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads a frame; every read past the end is a malformed packet. */
  private static final class Reader {
    private final byte[] b;
    private int pos;

    Reader(byte[] b) {
      this.b = b;
    }

    int remaining() {
      return b.length - pos;
    }

    private void need(int n) {
      if (n < 0 || remaining() < n) {
        throw new IllegalArgumentException("MQTT packet truncated");
      }
    }

    int u8() {
      need(1);
      return b[pos++] & 0xFF;
    }

    int u16() {
      need(2);
      int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    int varint() {
      int v = 0;
      for (int shift = 0; shift < 28; shift += 7) {
        int x = u8();
        v |= (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("MQTT variable byte integer runs past four bytes");
    }

    void skip(int n) {
      need(n);
      pos += n;
    }

    String string() {
      int n = u16();
      need(n);
      try {
        String s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(b, pos, n))
                .toString();
        if (s.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("MQTT string holds a NUL character");
        }
        pos += n;
        return s;
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("MQTT string is not UTF-8", e);
      }
    }

    byte[] rest() {
      byte[] out = java.util.Arrays.copyOfRange(b, pos, b.length);
      pos = b.length;
      return out;
    }

    void skipProperties() {
      int n = varint();
      skip(n);
    }

    /** Reads a PUBLISH's MQTT 5 properties and returns its topic alias (0 when none). */
    int publishProperties() {
      int n = varint();
      need(n);
      int end = pos + n;
      int alias = 0;
      while (pos < end) {
        int id = varint();
        switch (id) {
          case 0x01 -> u8(); // payload format indicator
          case 0x02 -> skip(4); // message expiry interval
          case 0x23 -> alias = u16(); // topic alias
          case 0x08, 0x03 -> skip(u16()); // response topic, content type
          case 0x09 -> skip(u16()); // correlation data
          case 0x0B -> varint(); // subscription identifier
          case 0x26 -> {
            skip(u16());
            skip(u16());
          } // user property
          default ->
              throw new IllegalArgumentException(
                  "PUBLISH carries property 0x" + Integer.toHexString(id) + ", not a PUBLISH one");
        }
        if (pos > end) {
          throw new IllegalArgumentException("PUBLISH properties overrun their length");
        }
      }
      return alias;
    }
  }

  // Encoders: what a relay answers in a broker's place, and what tests and probes send.

  /** A CONNECT with a client id and optional user name and password (clean session). */
  public static byte[] connect(
      String clientId, @Nullable String user, byte @Nullable [] password, int level) {
    Writer w = new Writer();
    w.string(level == 3 ? "MQIsdp" : "MQTT").u8(level);
    int f = 0x02 | (user != null ? 0x80 : 0) | (password != null ? 0x40 : 0);
    w.u8(f).u16(60);
    if (level == 5) {
      w.u8(0);
    }
    w.string(clientId);
    if (user != null) {
      w.string(user);
    }
    if (password != null) {
      w.u16(password.length).raw(password);
    }
    return w.packet(CONNECT, 0);
  }

  /** A PUBLISH (MQTT 3.1.1 layout unless {@code level} is 5). */
  public static byte[] publish(String topic, int qos, int packetId, byte[] payload, int level) {
    Writer w = new Writer().string(topic);
    if (qos > 0) {
      w.u16(packetId);
    }
    if (level == 5) {
      w.u8(0);
    }
    w.raw(payload);
    return w.packet(PUBLISH, qos << 1);
  }

  /** A SUBSCRIBE of {@code filters} at QoS 0 (MQTT 3.1.1 layout unless {@code level} is 5). */
  public static byte[] subscribe(int packetId, List<String> filters, int level) {
    Writer w = new Writer().u16(packetId);
    if (level == 5) {
      w.u8(0);
    }
    for (String f : filters) {
      w.string(f).u8(0);
    }
    return w.packet(SUBSCRIBE, 0x02);
  }

  /** A SUBACK with one return code per filter. */
  public static byte[] suback(int packetId, List<Integer> codes, int level) {
    Writer w = new Writer().u16(packetId);
    if (level == 5) {
      w.u8(0);
    }
    for (int c : codes) {
      w.u8(c);
    }
    return w.packet(SUBACK, 0);
  }

  /**
   * A PUBACK, PUBREC, PUBREL or PUBCOMP; under MQTT 5 with {@code reason} (omitted when 0, as the
   * standard allows).
   */
  public static byte[] ack(int type, int packetId, int reason, int level) {
    Writer w = new Writer().u16(packetId);
    if (level == 5 && reason != 0) {
      w.u8(reason);
    }
    return w.packet(type, type == PUBREL ? 0x02 : 0);
  }

  /** A packet without a variable header (PINGREQ, PINGRESP, DISCONNECT of 3.1.1). */
  public static byte[] empty(int type) {
    return new byte[] {(byte) (type << 4), 0};
  }

  private static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer u16(int v) {
      return u8((v >>> 8) & 0xFF).u8(v & 0xFF);
    }

    Writer string(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      return u16(bytes.length).raw(bytes);
    }

    Writer raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    byte[] packet(int type, int flags) {
      byte[] body = out.toByteArray();
      ByteArrayOutputStream p = new ByteArrayOutputStream(body.length + 5);
      p.write((type << 4) | flags);
      int n = body.length;
      do {
        int digit = n & 0x7F;
        n >>>= 7;
        p.write(n > 0 ? digit | 0x80 : digit);
      } while (n > 0);
      p.writeBytes(body);
      return p.toByteArray();
    }
  }
}
