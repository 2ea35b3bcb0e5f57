package dev.otlab.network.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One OPC UA binary (UA TCP) chunk as the relay reads it (Part 6, 6.7 and 7.1).
 *
 * <p>Every chunk has an 8-byte header: message type (HEL, ACK, OPN, MSG, CLO, ERR, RHE), chunk type
 * (F final, C continuation, A abort) and size. OPN carries the asymmetric security header, whose
 * security policy URI is clear text even when the rest of the chunk is encrypted. MSG and CLO carry
 * a secure channel id, a token id and, readable only when the channel does not encrypt, the
 * sequence header (request id) and the body, which starts with the numeric binary encoding id of
 * the service type.
 *
 * @param type message type, e.g. {@code MSG}
 * @param chunk chunk type: F, C or A
 * @param size the chunk's size in bytes
 * @param secureChannelId secure channel id, -1 for HEL, ACK, ERR and RHE
 * @param securityPolicyUri for OPN the security policy URI, else null
 * @param requestId request id from the sequence header (pairs a response with its request), -1 when
 *     not readable
 * @param service the service type, null when the body was not read (encrypted, continuation)
 * @param nodeIds node ids a Read, Write, Browse or Call request names, in order
 * @param values for Write requests the written values and for Read responses the values read
 *     (numbers, booleans as 0 or 1; NaN when not a numeric scalar)
 * @param statuses per-item status codes of Read and Write responses
 * @param serviceResult a response's service result (ServiceFault: the fault), an ERR's error
 * @param incomplete why body decoding stopped early, or null when every field was read
 */
public record OpcUaMessage(
    String type,
    char chunk,
    int size,
    long secureChannelId,
    @Nullable String securityPolicyUri,
    long requestId,
    @Nullable UaService service,
    List<String> nodeIds,
    List<Double> values,
    List<Long> statuses,
    long serviceResult,
    @Nullable String incomplete) {

  public static final String POLICY_NONE = "http://opcfoundation.org/UA/SecurityPolicy#None";

  /**
   * Largest chunk accepted. Clients and servers negotiate chunk sizes in HEL/ACK (Milo and
   * node-opcua default to 64 KiB); 1 MiB leaves room for generous peers and bounds the memory a
   * hostile size field can claim.
   */
  public static final int MAX_CHUNK = 1 << 20;

  public static final long BAD_SECURITY_CHECKS_FAILED = 0x80130000L;
  public static final long BAD_USER_ACCESS_DENIED = 0x801F0000L;
  public static final long BAD_SECURITY_MODE_REJECTED = 0x80540000L;

  private static final Set<String> TYPES = Set.of("HEL", "ACK", "OPN", "MSG", "CLO", "ERR", "RHE");
  private static final int MSG_BODY = 24;

  public OpcUaMessage {
    nodeIds = List.copyOf(nodeIds);
    values = List.copyOf(values);
    statuses = List.copyOf(statuses);
  }

  /** UA TCP framing: a known message type, chunk type F, C or A, and a sane size. */
  public static final StreamFramer.Boundary BOUNDARY =
      (buf, available) -> {
        if (available < 8) {
          return StreamFramer.Boundary.NEED_MORE;
        }
        String type = new String(buf, 0, 3, StandardCharsets.US_ASCII);
        if (!TYPES.contains(type)) {
          throw new IllegalArgumentException(
              "'" + printable(buf) + "' is not a UA TCP message type");
        }
        char chunk = (char) (buf[3] & 0xFF);
        if (chunk != 'F' && chunk != 'C' && chunk != 'A') {
          throw new IllegalArgumentException(
              "chunk type 0x" + Integer.toHexString(buf[3] & 0xFF) + " is not F, C or A");
        }
        if (chunk != 'F' && !type.equals("MSG") && !type.equals("OPN") && !type.equals("CLO")) {
          throw new IllegalArgumentException(type + " is always a single final chunk");
        }
        long size = new UaReader(buf, 4).u32();
        int min = minimumSize(type);
        if (size < min || size > MAX_CHUNK) {
          throw new IllegalArgumentException(
              type + " chunk size " + size + " is outside " + min + ".." + MAX_CHUNK);
        }
        return (int) size;
      };

  public static StreamFramer framer() {
    return new StreamFramer(BOUNDARY, MAX_CHUNK);
  }

  private static int minimumSize(String type) {
    switch (type) {
      case "HEL":
        return 32;
      case "ACK":
        return 28;
      case "ERR":
        return 16;
      case "RHE":
        return 16;
      case "OPN":
        return 24;
      default:
        return MSG_BODY;
    }
  }

  private static String printable(byte[] buf) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      int c = buf[i] & 0xFF;
      sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
    }
    return sb.toString();
  }

  public boolean isFinal() {
    return chunk == 'F';
  }

  /** Whether the chunk names a security policy other than None (OPN only). */
  public boolean secured() {
    return securityPolicyUri != null && !POLICY_NONE.equals(securityPolicyUri);
  }

  /**
   * Parses a chunk cut by {@link #BOUNDARY}.
   *
   * @param chunk the chunk's bytes
   * @param readBody whether the body is readable and starts in this chunk: the channel does not
   *     encrypt and this is the first chunk of its message (for OPN the policy decides by itself)
   */
  public static OpcUaMessage parse(byte[] chunk, boolean readBody) {
    String type = new String(chunk, 0, 3, StandardCharsets.US_ASCII);
    char chunkType = (char) (chunk[3] & 0xFF);
    int size = chunk.length;
    Builder m = new Builder(type, chunkType, size);
    UaReader r = new UaReader(chunk, 8);
    try {
      switch (type) {
        case "ERR":
          m.serviceResult = r.u32();
          break;
        case "OPN":
          m.secureChannelId = r.u32();
          m.policy = r.string();
          r.skipBytes();
          r.skipBytes();
          if (m.policy == null || POLICY_NONE.equals(m.policy)) {
            r.skip(4);
            m.requestId = r.u32();
            if (chunkType == 'F') {
              body(r, m);
            }
          }
          break;
        case "MSG":
        case "CLO":
          m.secureChannelId = r.u32();
          r.skip(4);
          if (readBody) {
            r.skip(4);
            m.requestId = r.u32();
            if (chunkType != 'A') {
              body(r, m);
            }
          }
          break;
        default:
          // HEL, ACK, RHE: buffer sizes and the endpoint URL, nothing a rule judges.
          break;
      }
    } catch (UaReader.Malformed e) {
      m.incomplete = e.getMessage();
    }
    return m.build();
  }

  /**
   * Whether a MSG chunk on a channel with a security policy carries a readable body, which tells
   * Sign from SignAndEncrypt: in Sign mode sequence header and body are plain text (only signed),
   * so the body starts with the encoding id of a known request or response; ciphertext passes this
   * test with a probability far below one in a million.
   */
  public static boolean plaintextBody(byte[] chunk, boolean request) {
    if (chunk.length < MSG_BODY + 4) {
      return false;
    }
    UaReader r = new UaReader(chunk, MSG_BODY);
    int encoding = r.u8();
    long id;
    if (encoding == 0x01 && r.u8() == 0) {
      id = r.u16();
    } else if (encoding == 0x02 && chunk.length >= MSG_BODY + 7 && r.u16() == 0) {
      id = r.u32();
    } else {
      return false;
    }
    return id <= Integer.MAX_VALUE
        && UaService.isKnown((int) id)
        && UaService.of((int) id).response() != request;
  }

  private static void body(UaReader r, Builder m) {
    long id = r.numericNs0NodeId();
    UaService service =
        id >= 0 && id <= Integer.MAX_VALUE
            ? UaService.of((int) id)
            : new UaService(-1, "Unknown", UaService.Category.OTHER, false);
    m.service = service;
    if (service.response()) {
      responseHeader(r, m);
      if (service.encodingId() == UaService.READ_RESPONSE) {
        int n = r.arrayLength();
        for (int i = 0; i < n; i++) {
          m.values.add(r.dataValue());
          m.statuses.add(r.lastStatus());
        }
      } else if (service.encodingId() == UaService.WRITE_RESPONSE) {
        int n = r.arrayLength();
        for (int i = 0; i < n; i++) {
          m.statuses.add(r.u32());
        }
      }
      return;
    }
    switch (service.encodingId()) {
      case UaService.READ_REQUEST:
        requestHeader(r);
        r.skip(8 + 4);
        for (int i = 0, n = r.arrayLength(); i < n; i++) {
          m.nodeIds.add(r.nodeId());
          r.skip(4);
          r.skipBytes();
          r.skip(2);
          r.skipBytes();
        }
        break;
      case UaService.WRITE_REQUEST:
        requestHeader(r);
        for (int i = 0, n = r.arrayLength(); i < n; i++) {
          m.nodeIds.add(r.nodeId());
          r.skip(4);
          r.skipBytes();
          m.values.add(r.dataValue());
        }
        break;
      case 527: // Browse
        requestHeader(r);
        r.nodeId();
        r.skip(8 + 4 + 4);
        for (int i = 0, n = r.arrayLength(); i < n; i++) {
          m.nodeIds.add(r.nodeId());
          r.skip(4);
          r.nodeId();
          r.skip(1 + 4 + 4);
        }
        break;
      case 712: // Call: the methods called
        requestHeader(r);
        for (int i = 0, n = r.arrayLength(); i < n; i++) {
          r.nodeId();
          m.nodeIds.add(r.nodeId());
          for (int a = 0, args = r.arrayLength(); a < args; a++) {
            r.variantAsDouble();
          }
        }
        break;
      default:
        break;
    }
  }

  private static void requestHeader(UaReader r) {
    r.nodeId();
    r.skip(8 + 4 + 4);
    r.skipBytes();
    r.skip(4);
    r.skipExtensionObject();
  }

  private static void responseHeader(UaReader r, Builder m) {
    r.skip(8 + 4);
    m.serviceResult = r.u32();
    r.skipDiagnosticInfo();
    for (int i = 0, n = r.arrayLength(); i < n; i++) {
      r.skipBytes();
    }
    r.skipExtensionObject();
  }

  /** An ERR message: what a relay sends before closing a connection it refuses. */
  public static byte[] errorFrame(long status, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int size = 8 + 4 + 4 + text.length;
    byte[] out = new byte[size];
    out[0] = 'E';
    out[1] = 'R';
    out[2] = 'R';
    out[3] = 'F';
    le32(out, 4, size);
    le32(out, 8, status);
    le32(out, 12, text.length);
    System.arraycopy(text, 0, out, 16, text.length);
    return out;
  }

  private static void le32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  private static final class Builder {
    final String type;
    final char chunk;
    final int size;
    long secureChannelId = -1;
    @Nullable String policy;
    long requestId = -1;
    @Nullable UaService service;
    final List<String> nodeIds = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    final List<Long> statuses = new ArrayList<>();
    long serviceResult;
    @Nullable String incomplete;

    Builder(String type, char chunk, int size) {
      this.type = type;
      this.chunk = chunk;
      this.size = size;
    }

    OpcUaMessage build() {
      return new OpcUaMessage(
          type,
          chunk,
          size,
          secureChannelId,
          policy,
          requestId,
          service,
          nodeIds,
          values,
          statuses,
          serviceResult,
          incomplete);
    }
  }
}
