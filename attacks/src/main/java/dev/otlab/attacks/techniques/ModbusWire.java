package dev.otlab.attacks.techniques;

import dev.otlab.attacks.Guardrail;
import dev.otlab.network.fabric.Access;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal Modbus TCP client on a plain socket. Attack steps need what j2mod's master does not
 * give: FC17 and FC43/14, and an immediate answer when a relay closes the connection (j2mod waits
 * out its whole timeout), so floods and sweeps stay short.
 */
final class ModbusWire implements AutoCloseable {

  /** The device (or a REJECTing conduit) answered with a Modbus exception. */
  static final class ExceptionResponse extends Exception {
    private static final long serialVersionUID = 1L;
    final int function;
    final int code;

    ExceptionResponse(int function, int code) {
      super(String.format("exception %d (%s) to FC%02d", code, name(code), function));
      this.function = function;
      this.code = code;
    }

    static String name(int code) {
      switch (code) {
        case 1:
          return "illegal function";
        case 2:
          return "illegal data address";
        case 3:
          return "illegal data value";
        case 4:
          return "server device failure";
        case 6:
          return "server device busy";
        default:
          return "code " + code;
      }
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int unit;
  private int transaction;

  private ModbusWire(Socket socket, int unit) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.unit = unit;
  }

  /** Connects to the address {@code access} names, after the guardrail has checked it. */
  static ModbusWire connect(Access access, int unit, Duration timeout) throws IOException {
    String address = Guardrail.requireLabAddress(access.address());
    Socket s = new Socket();
    try {
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      s.connect(new InetSocketAddress(address, access.port()), ms);
      s.setSoTimeout(ms);
      s.setTcpNoDelay(true);
      return new ModbusWire(s, unit);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Sends one request PDU and returns the response PDU (function code first). */
  byte[] transact(byte[] pdu) throws IOException, ExceptionResponse {
    int tid = transaction = (transaction + 1) & 0xFFFF;
    ByteBuffer frame = ByteBuffer.allocate(7 + pdu.length);
    frame.putShort((short) tid).putShort((short) 0).putShort((short) (pdu.length + 1));
    frame.put((byte) unit).put(pdu);
    out.write(frame.array());
    out.flush();
    while (true) {
      byte[] header = new byte[7];
      readFully(header);
      ByteBuffer h = ByteBuffer.wrap(header);
      int rtid = h.getShort() & 0xFFFF;
      h.getShort();
      int length = h.getShort() & 0xFFFF;
      if (length < 2 || length > 254) {
        throw new IOException("malformed response: MBAP length " + length);
      }
      byte[] body = new byte[length - 1];
      readFully(body);
      if (rtid != tid) {
        continue; // a late answer to an earlier request that timed out
      }
      int fc = body[0] & 0xFF;
      if ((fc & 0x80) != 0) {
        throw new ExceptionResponse(fc & 0x7F, body.length > 1 ? body[1] & 0xFF : 0);
      }
      return body;
    }
  }

  private void readFully(byte[] b) throws IOException {
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw new IOException("connection closed by the other side", e);
    }
  }

  /** FC01 or FC02. */
  boolean[] readBits(int fc, int address, int count) throws IOException, ExceptionResponse {
    byte[] r = transact(request(fc, address, count));
    boolean[] bits = new boolean[count];
    for (int i = 0; i < count; i++) {
      bits[i] = (r[2 + i / 8] >> (i % 8) & 1) == 1;
    }
    return bits;
  }

  /** FC03 or FC04: unsigned 16-bit values. */
  int[] readWords(int fc, int address, int count) throws IOException, ExceptionResponse {
    byte[] r = transact(request(fc, address, count));
    int[] words = new int[count];
    for (int i = 0; i < count && 3 + 2 * i < r.length; i++) {
      words[i] = ((r[2 + 2 * i] & 0xFF) << 8) | (r[3 + 2 * i] & 0xFF);
    }
    return words;
  }

  /** FC05. */
  void writeCoil(int address, boolean value) throws IOException, ExceptionResponse {
    transact(request(5, address, value ? 0xFF00 : 0x0000));
  }

  /** FC06. */
  void writeRegister(int address, int value) throws IOException, ExceptionResponse {
    transact(request(6, address, value & 0xFFFF));
  }

  /** FC16. */
  void writeRegisters(int address, int... values) throws IOException, ExceptionResponse {
    ByteBuffer b = ByteBuffer.allocate(6 + 2 * values.length);
    b.put((byte) 16).putShort((short) address).putShort((short) values.length);
    b.put((byte) (2 * values.length));
    for (int v : values) {
      b.putShort((short) v);
    }
    transact(b.array());
  }

  /** FC17: the server id as text (the run indicator byte dropped). */
  String reportServerId() throws IOException, ExceptionResponse {
    byte[] r = transact(new byte[] {17});
    int n = Math.max(0, Math.min((r[1] & 0xFF) - 1, r.length - 2));
    return new String(r, 2, n, StandardCharsets.US_ASCII);
  }

  /** FC43/14 with read code 1 (basic): object id to value, following "more follows". */
  Map<Integer, String> readDeviceIdentification() throws IOException, ExceptionResponse {
    Map<Integer, String> objects = new LinkedHashMap<>();
    int next = 0;
    for (int round = 0; round < 8; round++) {
      byte[] r = transact(new byte[] {43, 14, 1, (byte) next});
      int more = r[4] & 0xFF;
      next = r[5] & 0xFF;
      int count = r[6] & 0xFF;
      int p = 7;
      for (int i = 0; i < count && p + 2 <= r.length; i++) {
        int id = r[p] & 0xFF;
        int len = r[p + 1] & 0xFF;
        int end = Math.min(r.length, p + 2 + len);
        objects.put(id, new String(r, p + 2, end - p - 2, StandardCharsets.US_ASCII));
        p = end;
      }
      if (more != 0xFF) {
        break;
      }
    }
    return objects;
  }

  /** FC90, the soft PLC's engineering function: one request PDU, the response PDU. */
  byte[] engineering(byte[] pdu) throws IOException, ExceptionResponse {
    byte[] r = transact(pdu);
    if (r.length < 2 || r[0] != pdu[0] || r[1] != pdu[1]) {
      throw new IOException("FC90 answer does not match sub-function " + pdu[1]);
    }
    return r;
  }

  private static byte[] request(int fc, int address, int value) {
    return ByteBuffer.allocate(5)
        .put((byte) fc)
        .putShort((short) address)
        .putShort((short) value)
        .array();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the step's outcome is already decided.
    }
  }
}
