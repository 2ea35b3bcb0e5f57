package dev.otlab.network.remote;

import dev.otlab.network.RemoteService;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The openings of remote-access sessions, byte for byte as the protocols define them: what a server
 * sends as a client connects ({@link #greeting}), what a client sends first ({@link #opening}),
 * what the server answers ({@link #answer}), where a client's opening ends in a byte stream ({@link
 * #openingLength}) and what a tap reads in it ({@link #decode}).
 *
 * <ul>
 *   <li>SSH (RFC 4253): both sides' identification lines, then the client's and the server's
 *       SSH_MSG_KEXINIT in a binary packet;
 *   <li>Telnet (RFC 854/855): the server's option negotiation and login prompt, the client's user
 *       name line, then the password prompt;
 *   <li>HTTP/1.1 (RFC 9112): a GET with Host and, when a user is given, Basic authorization; the
 *       server asks for authentication (401);
 *   <li>SMB2 (MS-SMB2 2.2.3, 2.2.4): NEGOTIATE over direct TCP (a 4-byte length header), dialects
 *       2.0.2 to 3.0.2, and the server's choice;
 *   <li>RDP (MS-RDPBCGR 2.2.1.1, 2.2.1.2): the X.224 Connection Request in TPKT with the {@code
 *       mstshash} cookie naming the user and an RDP_NEG_REQ for TLS and CredSSP, and the Connection
 *       Confirm choosing CredSSP; then the security layer's TLS hello (SNI, no ALPN) and the
 *       server's first flight ({@link #tlsFollows});
 *   <li>VNC (RFB 3.8, RFC 6143): protocol versions, then the server's security types (VNC
 *       authentication);
 *   <li>HTTPS (RFC 8446, 5246): a real TLS ClientHello from the JDK's engine with SNI (the target
 *       host) and ALPN, answered by a real server's first flight ({@link Tls});
 *   <li>a vendor's own TCP service: no standard to follow, so a length-prefixed hello and an
 *       acknowledgement of the same shape, which a tap reports by size.
 * </ul>
 *
 * Everything after the opening (authentication, the session itself) is encrypted or interactive in
 * the real protocols; the lab's sessions send it as opaque bytes.
 */
public final class RemoteWire {

  /** The identification a lab SSH server sends (Debian 12's OpenSSH). */
  static final String SSH_SERVER = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3";

  /** The identification a lab SSH client sends. */
  static final String SSH_CLIENT = "SSH-2.0-OpenSSH_9.2p1";

  /** A Windows remote-desktop or browser client's user agent, for HTTP. */
  static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64)";

  /** Largest opening a tap buffers before it calls the stream unrecognised. */
  static final int MAX_OPENING = 16 * 1024;

  /** {@link #openingLength}: the bytes so far are an incomplete opening. */
  public static final int NEED_MORE = -1;

  private static final byte IAC = (byte) 255;
  private static final byte WILL = (byte) 251;
  private static final byte DO = (byte) 253;
  private static final int SSH_MSG_KEXINIT = 20;
  private static final int PROTOCOL_SSL = 1;
  private static final int PROTOCOL_HYBRID = 2;
  private static final int[] SMB_DIALECTS = {0x0202, 0x0210, 0x0300, 0x0302};

  private RemoteWire() {}

  /** What the server sends as soon as a client connects; empty when the client speaks first. */
  public static byte[] greeting(RemoteService s) {
    return switch (s) {
      case SSH -> ascii(SSH_SERVER + "\r\n");
      case TELNET ->
          concat(
              new byte[] {IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 24},
              ascii("\r\nDebian GNU/Linux 12\r\nlogin: "));
      case VNC -> ascii("RFB 003.008\n");
      case HTTP, SMB, RDP, HTTPS, VENDOR -> new byte[0];
    };
  }

  /**
   * The client's opening: everything it sends before it waits for the server's answer.
   *
   * @param user the account the client asks for (RDP's cookie, Telnet's login, HTTP's Basic
   *     authorization); blank for none
   * @param serverName the server's host name as the client knows it (HTTP's Host)
   * @param random the run's randomness (SSH's cookie, SMB's client GUID)
   */
  public static byte[] opening(
      RemoteService s, String user, String serverName, SplittableRandom random) {
    return switch (s) {
      case SSH -> concat(ascii(SSH_CLIENT + "\r\n"), kexinit(random, true));
      case TELNET ->
          concat(new byte[] {IAC, DO, 1, IAC, DO, 3, IAC, WILL, 24}, ascii(user + "\r\n"));
      case HTTP -> httpRequest(user, serverName);
      case SMB -> smbNegotiateRequest(random);
      case RDP -> rdpConnectionRequest(user);
      case VNC -> ascii("RFB 003.008\n");
      case HTTPS -> Tls.clientHello(serverName, random);
      case VENDOR -> vendorMessage(random, 24);
    };
  }

  /** The server's answer to a client's complete opening. */
  public static byte[] answer(RemoteService s, byte[] opening, SplittableRandom random) {
    return switch (s) {
      case SSH -> kexinit(random, false);
      case TELNET -> ascii("Password: ");
      case HTTP ->
          ascii(
              "HTTP/1.1 401 Unauthorized\r\nServer: Microsoft-IIS/10.0\r\n"
                  + "WWW-Authenticate: Basic realm=\"otlab\"\r\nContent-Length: 0\r\n\r\n");
      case SMB -> smbNegotiateResponse(random);
      case RDP -> rdpConnectionConfirm(opening);
      // One security type: VNC authentication (2).
      case VNC -> new byte[] {1, 2};
      case HTTPS -> Tls.serverFlight(opening, random);
      case VENDOR -> vendorMessage(random, 8);
    };
  }

  /**
   * How many of the first {@code available} bytes of a client's stream form its opening: {@link
   * #NEED_MORE} while it is incomplete; {@code available} (all of it) when the bytes cannot be this
   * service's opening, or it grew past {@link #MAX_OPENING}, so that a tap never waits on a stream
   * it does not understand.
   */
  public static int openingLength(RemoteService s, byte[] buf, int available) {
    if (available <= 0) {
      return NEED_MORE;
    }
    int n =
        switch (s) {
          case SSH -> sshOpeningLength(buf, available);
          case TELNET -> lineEnd(buf, 0, available);
          case HTTP -> headerEnd(buf, available);
          case SMB -> available < 4 ? NEED_MORE : buf[0] != 0 ? available : 4 + be(buf, 1, 3);
          case RDP -> available < 4 ? NEED_MORE : buf[0] != 3 ? available : be(buf, 2, 2);
          case VNC -> available < 12 ? NEED_MORE : 12;
          case HTTPS -> Tls.recordLength(buf, available);
          case VENDOR -> available < 2 ? NEED_MORE : 2 + be(buf, 0, 2);
        };
    if (n == NEED_MORE) {
      return available >= MAX_OPENING ? available : NEED_MORE;
    }
    if (n <= 0 || n > MAX_OPENING) {
      return available;
    }
    return n > available ? NEED_MORE : n;
  }

  /**
   * How many of the first {@code available} bytes a server sent form its greeting, as a client
   * reads it before it speaks: SSH's identification line, Telnet's negotiation up to the login
   * prompt, RFB's version; 0 for a service whose client speaks first; {@link #NEED_MORE} while it
   * is incomplete.
   */
  public static int greetingLength(RemoteService s, byte[] buf, int available) {
    int n =
        switch (s) {
          case SSH -> lineEnd(buf, 0, available);
          case TELNET -> promptEnd(buf, available);
          case VNC -> available < 12 ? NEED_MORE : 12;
          case HTTP, SMB, RDP, HTTPS, VENDOR -> 0;
        };
    return n > available ? NEED_MORE : n;
  }

  /**
   * How many of the first {@code available} bytes a server sent after the client's opening form its
   * answer, as a client reads it; {@link #NEED_MORE} while it is incomplete.
   */
  public static int answerLength(RemoteService s, byte[] buf, int available) {
    if (available <= 0) {
      return NEED_MORE;
    }
    int n =
        switch (s) {
          case SSH -> available < 4 ? NEED_MORE : 4 + be(buf, 0, 4);
          case TELNET -> promptEnd(buf, available);
          case HTTP -> headerEnd(buf, available);
          case SMB -> available < 4 ? NEED_MORE : 4 + be(buf, 1, 3);
          case RDP -> available < 4 ? NEED_MORE : be(buf, 2, 2);
          case VNC -> 1 + (buf[0] & 0xFF);
          // The ServerHello's record: what tells a client the server speaks TLS and how.
          case HTTPS -> Tls.recordLength(buf, available);
          case VENDOR -> available < 2 ? NEED_MORE : 2 + be(buf, 0, 2);
        };
    return n > available ? NEED_MORE : n;
  }

  /** A prompt ends the bytes so far when they end with ": " (Telnet's "login: ", "Password: "). */
  private static int promptEnd(byte[] buf, int available) {
    return available >= 2 && buf[available - 2] == ':' && buf[available - 1] == ' '
        ? available
        : NEED_MORE;
  }

  /**
   * Whether the client starts TLS after the server's answer, and the server answers its hello: RDP,
   * once the Connection Confirm selected TLS or CredSSP (MS-RDPBCGR 5.4.5.1: the security layer's
   * TLS handshake follows the X.224 exchange on the same connection). The client's hello names the
   * server (SNI) and offers no ALPN.
   */
  public static boolean tlsFollows(RemoteService s, byte[] answer) {
    if (s != RemoteService.RDP || answer.length < 19 || answer[11] != 2) {
      return false;
    }
    int selected = le32(answer, 15);
    return (selected & (PROTOCOL_SSL | PROTOCOL_HYBRID)) != 0;
  }

  /** The client's TLS hello that follows the answer when {@link #tlsFollows} says so. */
  public static byte[] tlsHello(String serverName, SplittableRandom random) {
    return Tls.clientHello(serverName, List.of(), random);
  }

  /** The server's first flight in answer to a TLS hello that followed the opening. */
  public static byte[] tlsAnswer(byte[] hello, SplittableRandom random) {
    return Tls.serverFlight(hello, random);
  }

  /** Length of the TLS record at the start of the bytes, {@link #NEED_MORE} while incomplete. */
  public static int tlsRecordLength(byte[] buf, int available) {
    return Tls.recordLength(buf, available);
  }

  /** What a tap reads in a TLS hello (SNI, ALPN, version). */
  public static RemoteOpening decodeTlsHello(byte[] hello) {
    try {
      return decodeClientHello(hello);
    } catch (IndexOutOfBoundsException e) {
      return RemoteOpening.unrecognised("truncated TLS hello");
    }
  }

  /**
   * What an operator's typing of {@code typed} sends on an open session, one message per key, as
   * each protocol carries a keystroke: SSH an encrypted channel-data packet of OpenSSH's size with
   * chacha20-poly1305 (36 bytes), RDP a TLS application-data record of a fast-path input event, VNC
   * an RFB KeyEvent down and up (RFC 6143 7.5.4, keysyms in clear), Telnet the character itself
   * (RFC 854: a new line as CR NUL). HTTP(S), SMB and a vendor's service carry no typing: empty.
   */
  public static List<byte[]> keystrokes(RemoteService s, String typed, SplittableRandom random) {
    List<byte[]> out = new ArrayList<>();
    if (s == RemoteService.HTTP
        || s == RemoteService.HTTPS
        || s == RemoteService.SMB
        || s == RemoteService.VENDOR) {
      return out;
    }
    for (char c : typed.toCharArray()) {
      boolean enter = c == '\n';
      switch (s) {
        case SSH -> {
          byte[] packet = new byte[36];
          fill(random, packet);
          out.add(packet);
        }
        case RDP -> {
          byte[] body = new byte[34];
          fill(random, body);
          out.add(concat(new byte[] {23, 3, 3, 0, (byte) body.length}, body));
        }
        case VNC -> {
          int keysym = enter ? 0xFF0D : c;
          out.add(concat(keyEvent(true, keysym), keyEvent(false, keysym)));
        }
        case TELNET -> out.add(enter ? new byte[] {'\r', 0} : new byte[] {(byte) c});
        default -> throw new IllegalStateException(s.name());
      }
    }
    return out;
  }

  private static byte[] keyEvent(boolean down, int keysym) {
    return new byte[] {
      4,
      (byte) (down ? 1 : 0),
      0,
      0,
      (byte) (keysym >>> 24),
      (byte) (keysym >>> 16),
      (byte) (keysym >>> 8),
      (byte) keysym
    };
  }

  /** What a tap reads in a client's opening. */
  public static RemoteOpening decode(RemoteService s, byte[] opening) {
    try {
      return switch (s) {
        case SSH -> decodeSsh(opening);
        case TELNET -> decodeTelnet(opening);
        case HTTP -> decodeHttp(opening);
        case SMB -> decodeSmb(opening);
        case RDP -> decodeRdp(opening);
        case VNC -> decodeVnc(opening);
        case HTTPS -> decodeClientHello(opening);
        case VENDOR -> new RemoteOpening("VENDOR_HELLO", List.of("bytes=" + opening.length));
      };
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return RemoteOpening.unrecognised("truncated " + s.name().toLowerCase(Locale.ROOT));
    }
  }

  // ---------------------------------------------------------------- SSH

  private static byte[] kexinit(SplittableRandom random, boolean client) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.write(SSH_MSG_KEXINIT);
    byte[] cookie = new byte[16];
    fill(random, cookie);
    payload.writeBytes(cookie);
    String kex =
        client
            ? "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ext-info-c"
            : "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256";
    for (String list :
        List.of(
            kex,
            "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
            "chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com",
            "chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com",
            "umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256",
            "umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-256",
            "none,zlib@openssh.com",
            "none,zlib@openssh.com",
            "",
            "")) {
      byte[] b = ascii(list);
      payload.writeBytes(u32(b.length));
      payload.writeBytes(b);
    }
    payload.write(0); // first_kex_packet_follows
    payload.writeBytes(u32(0)); // reserved
    byte[] p = payload.toByteArray();
    // RFC 4253 6: length, padding length, payload, padding; at least 4 bytes of padding and the
    // whole a multiple of 8.
    int padding = 8 - ((4 + 1 + p.length) % 8);
    if (padding < 4) {
      padding += 8;
    }
    byte[] pad = new byte[padding];
    fill(random, pad);
    return concat(u32(1 + p.length + padding), new byte[] {(byte) padding}, p, pad);
  }

  private static int sshOpeningLength(byte[] buf, int available) {
    if (!startsWith(buf, available, "SSH-")) {
      return available >= 4 ? available : NEED_MORE;
    }
    int line = lineEnd(buf, 0, Math.min(available, 255));
    if (line == NEED_MORE) {
      return available >= 255 ? available : NEED_MORE;
    }
    if (available < line + 4) {
      return NEED_MORE;
    }
    int packet = be(buf, line, 4);
    if (packet < 5 || packet > 35_000) {
      return available;
    }
    return line + 4 + packet;
  }

  private static RemoteOpening decodeSsh(byte[] b) {
    int line = lineEnd(b, 0, Math.min(b.length, 255));
    if (!startsWith(b, b.length, "SSH-") || line == NEED_MORE) {
      return RemoteOpening.unrecognised("no SSH identification line");
    }
    String id = new String(b, 0, line, StandardCharsets.US_ASCII).strip();
    String[] parts = id.split("-", 3);
    if (parts.length < 3) {
      return RemoteOpening.unrecognised("malformed SSH identification " + id);
    }
    List<String> subjects = new ArrayList<>();
    subjects.add("version=" + parts[1]);
    subjects.add("software=" + parts[2].split(" ", 2)[0]);
    if (b.length >= line + 6 && (b[line + 5] & 0xFF) == SSH_MSG_KEXINIT) {
      int at = line + 6 + 16;
      int len = be(b, at, 4);
      String kex = new String(b, at + 4, len, StandardCharsets.US_ASCII);
      subjects.add("kex=" + kex.split(",", 2)[0]);
    }
    return new RemoteOpening("SSH_BANNER", subjects);
  }

  // ---------------------------------------------------------------- Telnet

  private static RemoteOpening decodeTelnet(byte[] b) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < b.length; i++) {
      if (b[i] == IAC) {
        // IAC WILL/WONT/DO/DONT option: three bytes; IAC IAC: a literal 255.
        if (i + 1 < b.length && b[i + 1] == IAC) {
          i++;
        } else {
          i += 2;
        }
        continue;
      }
      if (b[i] == '\r' || b[i] == '\n') {
        break;
      }
      line.append((char) (b[i] & 0xFF));
    }
    String user = line.toString().strip();
    return new RemoteOpening("TELNET_LOGIN", user.isEmpty() ? List.of() : List.of("user=" + user));
  }

  // ---------------------------------------------------------------- HTTP

  private static byte[] httpRequest(String user, String serverName) {
    StringBuilder sb = new StringBuilder();
    sb.append("GET / HTTP/1.1\r\n")
        .append("Host: ")
        .append(serverName)
        .append("\r\nUser-Agent: ")
        .append(USER_AGENT)
        .append("\r\nAccept: */*\r\n");
    if (!user.isBlank()) {
      // The password is not the lab's to send; the account name is what a sensor would log.
      sb.append("Authorization: Basic ")
          .append(
              Base64.getEncoder()
                  .encodeToString((user + ":********").getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    sb.append("Connection: keep-alive\r\n\r\n");
    return ascii(sb.toString());
  }

  private static int headerEnd(byte[] buf, int available) {
    for (int i = 3; i < available; i++) {
      if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
        return i + 1;
      }
    }
    return NEED_MORE;
  }

  private static RemoteOpening decodeHttp(byte[] b) {
    String head = new String(b, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    String[] request = lines[0].split(" ");
    if (request.length != 3 || !request[2].startsWith("HTTP/")) {
      return RemoteOpening.unrecognised("no HTTP request line");
    }
    List<String> subjects = new ArrayList<>();
    subjects.add("request=" + request[0] + " " + request[1]);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).strip();
      if (name.equals("host")) {
        subjects.add("host=" + value);
      } else if (name.equals("authorization") && value.regionMatches(true, 0, "Basic ", 0, 6)) {
        String decoded =
            new String(
                Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        subjects.add("user=" + decoded.split(":", 2)[0]);
      }
    }
    return new RemoteOpening("HTTP_REQUEST", subjects);
  }

  // ---------------------------------------------------------------- SMB2

  private static byte[] smbHeader(boolean response) {
    ByteBuffer h = le(64);
    h.put(new byte[] {(byte) 0xFE, 'S', 'M', 'B'});
    h.putShort((short) 64); // StructureSize
    h.putShort((short) 0); // CreditCharge
    h.putInt(0); // Status / ChannelSequence
    h.putShort((short) 0); // Command: NEGOTIATE
    h.putShort((short) 1); // Credits requested or granted
    h.putInt(response ? 1 : 0); // Flags: SMB2_FLAGS_SERVER_TO_REDIR on a response
    h.putInt(0); // NextCommand
    h.putLong(0); // MessageId
    h.putInt(0); // Reserved (ProcessId)
    h.putInt(0); // TreeId
    h.putLong(0); // SessionId
    h.put(new byte[16]); // Signature
    return h.array();
  }

  private static byte[] smbNegotiateRequest(SplittableRandom random) {
    ByteBuffer body = le(36 + 2 * SMB_DIALECTS.length);
    body.putShort((short) 36); // StructureSize
    body.putShort((short) SMB_DIALECTS.length);
    body.putShort((short) 1); // SecurityMode: signing enabled
    body.putShort((short) 0); // Reserved
    body.putInt(0x7F); // Capabilities
    byte[] guid = new byte[16];
    fill(random, guid);
    body.put(guid); // ClientGuid
    body.putLong(0); // ClientStartTime (no 3.1.1, so no negotiate contexts)
    for (int d : SMB_DIALECTS) {
      body.putShort((short) d);
    }
    return netbios(concat(smbHeader(false), body.array()));
  }

  private static byte[] smbNegotiateResponse(SplittableRandom random) {
    ByteBuffer body = le(65);
    body.putShort((short) 65); // StructureSize
    body.putShort((short) 1); // SecurityMode: signing enabled
    body.putShort((short) 0x0302); // DialectRevision
    body.putShort((short) 0); // NegotiateContextCount
    byte[] guid = new byte[16];
    fill(random, guid);
    body.put(guid); // ServerGuid
    body.putInt(0x2F); // Capabilities
    body.putInt(65_536); // MaxTransactSize
    body.putInt(65_536); // MaxReadSize
    body.putInt(65_536); // MaxWriteSize
    body.putLong(0); // SystemTime: the lab does not leak the wall clock
    body.putLong(0); // ServerStartTime
    body.putShort((short) 128); // SecurityBufferOffset: header + this body
    body.putShort((short) 0); // SecurityBufferLength
    body.putInt(0); // NegotiateContextOffset
    body.put((byte) 0); // Buffer
    return netbios(concat(smbHeader(true), body.array()));
  }

  private static RemoteOpening decodeSmb(byte[] b) {
    if (b.length < 4 + 4 || b[0] != 0) {
      return RemoteOpening.unrecognised("no SMB direct-TCP header");
    }
    if ((b[4] & 0xFF) == 0xFF && b[5] == 'S' && b[6] == 'M' && b[7] == 'B') {
      return new RemoteOpening("SMB1_NEGOTIATE", List.of("dialects=NT LM 0.12"));
    }
    if ((b[4] & 0xFF) != 0xFE || b[5] != 'S' || b[6] != 'M' || b[7] != 'B') {
      return RemoteOpening.unrecognised("no SMB2 header");
    }
    int command = le16(b, 4 + 12);
    if (command != 0) {
      return new RemoteOpening("SMB2_COMMAND", List.of("command=" + command));
    }
    int body = 4 + 64;
    int count = le16(b, body + 2);
    List<String> dialects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      dialects.add(dialect(le16(b, body + 36 + 2 * i)));
    }
    return new RemoteOpening("SMB2_NEGOTIATE", List.of("dialects=" + String.join(",", dialects)));
  }

  private static String dialect(int d) {
    return switch (d) {
      case 0x0202 -> "2.0.2";
      case 0x0210 -> "2.1";
      case 0x0300 -> "3.0";
      case 0x0302 -> "3.0.2";
      case 0x0311 -> "3.1.1";
      default -> String.format(Locale.ROOT, "0x%04x", d);
    };
  }

  private static byte[] netbios(byte[] message) {
    byte[] h = {
      0, (byte) (message.length >> 16), (byte) (message.length >> 8), (byte) message.length
    };
    return concat(h, message);
  }

  // ---------------------------------------------------------------- RDP

  private static byte[] rdpConnectionRequest(String user) {
    byte[] cookie = user.isBlank() ? new byte[0] : ascii("Cookie: mstshash=" + user + "\r\n");
    ByteBuffer neg = le(8);
    neg.put((byte) 1); // TYPE_RDP_NEG_REQ
    neg.put((byte) 0); // flags
    neg.putShort((short) 8);
    neg.putInt(PROTOCOL_SSL | PROTOCOL_HYBRID);
    return tpkt(x224((byte) 0xE0, concat(cookie, neg.array())));
  }

  private static byte[] rdpConnectionConfirm(byte[] request) {
    int requested = 0;
    RemoteOpening o = decodeRdp(request);
    for (String s : o.subjects()) {
      if (s.startsWith("protocols=")) {
        requested |= s.contains("hybrid") ? PROTOCOL_HYBRID : 0;
        requested |= s.contains("ssl") ? PROTOCOL_SSL : 0;
      }
    }
    int selected = (requested & PROTOCOL_HYBRID) != 0 ? PROTOCOL_HYBRID : requested & PROTOCOL_SSL;
    ByteBuffer neg = le(8);
    neg.put((byte) 2); // TYPE_RDP_NEG_RSP
    neg.put((byte) 0x1F); // flags: extended client data, graphics pipeline, restricted admin...
    neg.putShort((short) 8);
    neg.putInt(selected);
    return tpkt(x224((byte) 0xD0, neg.array()));
  }

  private static byte[] x224(byte code, byte[] variable) {
    // Length indicator, code, destination reference, source reference, class 0.
    byte[] fixed = {(byte) (6 + variable.length), code, 0, 0, 0, 0, 0};
    return concat(fixed, variable);
  }

  private static byte[] tpkt(byte[] payload) {
    int len = 4 + payload.length;
    return concat(new byte[] {3, 0, (byte) (len >> 8), (byte) len}, payload);
  }

  private static RemoteOpening decodeRdp(byte[] b) {
    if (b.length < 11 || b[0] != 3 || (b[5] & 0xF0) != 0xE0) {
      return RemoteOpening.unrecognised("no X.224 Connection Request");
    }
    int end = Math.min(b.length, be(b, 2, 2));
    int at = 11;
    List<String> subjects = new ArrayList<>();
    if (startsWith(b, at, end, "Cookie: mstshash=")) {
      int line = lineEnd(b, at, end);
      if (line != NEED_MORE) {
        String cookie = new String(b, at, line - at, StandardCharsets.US_ASCII).strip();
        subjects.add("user=" + cookie.substring("Cookie: mstshash=".length()));
        at = line;
      }
    }
    if (end - at >= 8 && b[at] == 1) {
      int protocols = le32(b, at + 4);
      List<String> names = new ArrayList<>();
      if ((protocols & PROTOCOL_SSL) != 0) {
        names.add("ssl");
      }
      if ((protocols & PROTOCOL_HYBRID) != 0) {
        names.add("hybrid");
      }
      subjects.add("protocols=" + (names.isEmpty() ? "rdp" : String.join("+", names)));
    }
    return new RemoteOpening("RDP_CONNECTION_REQUEST", subjects);
  }

  // ---------------------------------------------------------------- VNC

  private static RemoteOpening decodeVnc(byte[] b) {
    String v = new String(b, 0, Math.min(12, b.length), StandardCharsets.US_ASCII);
    if (!v.matches("RFB \\d{3}\\.\\d{3}\n")) {
      return RemoteOpening.unrecognised("no RFB protocol version");
    }
    int major = Integer.parseInt(v.substring(4, 7));
    int minor = Integer.parseInt(v.substring(8, 11));
    return new RemoteOpening("RFB_VERSION", List.of("version=" + major + "." + minor));
  }

  // ---------------------------------------------------------------- TLS

  private static final int TLS_HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_ALPN = 16;
  private static final int EXT_SUPPORTED_VERSIONS = 43;

  /**
   * What a tap reads in a TLS ClientHello record (RFC 8446 4.1.2): the server name (SNI), the
   * application protocols offered (ALPN) and the highest version offered (supported_versions, else
   * the legacy version field), GREASE values (RFC 8701) skipped.
   */
  static RemoteOpening decodeClientHello(byte[] b) {
    if (b.length < 9 || b[0] != TLS_HANDSHAKE || b[1] != 3 || b[5] != CLIENT_HELLO) {
      return RemoteOpening.unrecognised("no TLS ClientHello");
    }
    int end = Math.min(b.length, 5 + be(b, 3, 2));
    int at = 9;
    int legacy = be(b, at, 2);
    at += 2 + 32;
    at += 1 + (b[at] & 0xFF); // session id
    at += 2 + be(b, at, 2); // cipher suites
    at += 1 + (b[at] & 0xFF); // compression methods
    String sni = null;
    List<String> alpn = new ArrayList<>();
    int version = legacy;
    if (at + 2 <= end) {
      int extEnd = Math.min(end, at + 2 + be(b, at, 2));
      at += 2;
      while (at + 4 <= extEnd) {
        int type = be(b, at, 2);
        int len = be(b, at + 2, 2);
        int body = at + 4;
        if (type == EXT_SERVER_NAME && len >= 5 && b[body + 2] == 0) {
          sni = new String(b, body + 5, be(b, body + 3, 2), StandardCharsets.US_ASCII);
        } else if (type == EXT_ALPN && len >= 2) {
          for (int i = body + 2; i < body + 2 + be(b, body, 2); i += 1 + (b[i] & 0xFF)) {
            alpn.add(new String(b, i + 1, b[i] & 0xFF, StandardCharsets.US_ASCII));
          }
        } else if (type == EXT_SUPPORTED_VERSIONS && len >= 3) {
          for (int i = body + 1; i < body + 1 + (b[body] & 0xFF); i += 2) {
            int v = be(b, i, 2);
            boolean grease = (v & 0x0F0F) == 0x0A0A;
            if (!grease && v > version) {
              version = v;
            }
          }
        }
        at = body + len;
      }
    }
    List<String> subjects = new ArrayList<>();
    if (sni != null) {
      subjects.add("sni=" + sni);
    }
    if (!alpn.isEmpty()) {
      subjects.add("alpn=" + String.join(",", alpn));
    }
    subjects.add("version=" + tlsVersion(version));
    return new RemoteOpening("TLS_CLIENT_HELLO", subjects);
  }

  private static String tlsVersion(int v) {
    return switch (v) {
      case 0x0300 -> "SSL3.0";
      case 0x0301 -> "TLS1.0";
      case 0x0302 -> "TLS1.1";
      case 0x0303 -> "TLS1.2";
      case 0x0304 -> "TLS1.3";
      default -> String.format(Locale.ROOT, "0x%04x", v);
    };
  }

  // ---------------------------------------------------------------- vendor

  /** A vendor protocol's message as the lab sends one: a 2-byte length, then opaque bytes. */
  private static byte[] vendorMessage(SplittableRandom random, int size) {
    byte[] body = new byte[size];
    fill(random, body);
    return concat(new byte[] {(byte) (size >> 8), (byte) size}, body);
  }

  // ---------------------------------------------------------------- bytes

  private static int lineEnd(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return NEED_MORE;
  }

  private static boolean startsWith(byte[] b, int available, String prefix) {
    return startsWith(b, 0, available, prefix);
  }

  private static boolean startsWith(byte[] b, int at, int end, String prefix) {
    if (end - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int be(byte[] b, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static int le32(byte[] b, int at) {
    return le16(b, at) | le16(b, at + 2) << 16;
  }

  private static byte[] u32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void fill(SplittableRandom random, byte[] b) {
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
