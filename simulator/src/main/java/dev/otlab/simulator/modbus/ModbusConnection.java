package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.Table;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Modbus TCP master on a plain socket, framed by this package's codec ({@link MbapHeader}, {@link
 * ModbusPdu}). Benign operations and attack steps both talk through it: they need what j2mod's
 * master does not give, an immediate error when a relay closes or resets the connection (j2mod
 * waits out its whole timeout, which would stall the lab clock), and the functions the lab's
 * devices speak beyond the common ones (FC17, FC43/14, the engineering FC90).
 */
public final class ModbusConnection implements AutoCloseable {

  /** The device, or a conduit that REJECTs, answered with a Modbus exception. */
  public static final class ExceptionResponse extends IOException {
    private static final long serialVersionUID = 1L;
    private final int function;
    private final int code;

    ExceptionResponse(int function, int code) {
      super(String.format("exception %d (%s) to FC%02d", code, name(code), function));
      this.function = function;
      this.code = code;
    }

    /** The request's function code. */
    public int function() {
      return function;
    }

    /** The exception code: 1 illegal function, 2 illegal data address, 3 illegal data value... */
    public int code() {
      return code;
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

  private ModbusConnection(Socket socket, int unit) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.unit = unit;
  }

  /**
   * Connects to {@code address}:{@code port}, talking to unit {@code unit}; {@code timeout} bounds
   * the connect and every read.
   */
  public static ModbusConnection connect(String address, int port, int unit, Duration timeout)
      throws IOException {
    Socket s = new Socket();
    try {
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      s.setTcpNoDelay(true);
      s.setSoTimeout(ms);
      s.connect(new InetSocketAddress(address, port), ms);
      return new ModbusConnection(s, unit);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Sends one request PDU and returns the response PDU (function code first). A late answer to an
   * earlier request that timed out is skipped; an answer to another function is an error.
   *
   * @throws ExceptionResponse when the answer is a Modbus exception
   * @throws IOException when the connection closes, times out or carries no Modbus frame
   */
  public byte[] transact(byte[] pdu) throws IOException {
    int tid = transaction = (transaction + 1) & 0xFFFF;
    out.write(ModbusPdu.requestFrame(tid, unit, pdu));
    out.flush();
    int fc = pdu[0] & 0xFF;
    while (true) {
      byte[] frame = ModbusPdu.readFrame(in);
      if (frame == null) {
        throw new IOException("connection closed by the other side");
      }
      if (MbapHeader.read(frame, 0).transactionId() != tid) {
        continue;
      }
      byte[] body = java.util.Arrays.copyOfRange(frame, MbapHeader.SIZE, frame.length);
      int answered = body[0] & 0xFF;
      if (answered == (fc | 0x80)) {
        throw new ExceptionResponse(fc, body.length > 1 ? body[1] & 0xFF : 0);
      }
      if (answered != fc) {
        throw new IOException("answer to function " + answered + " for a request of " + fc);
      }
      return body;
    }
  }

  /** FC01 to FC04 alike: bits as 0 or 1, registers as unsigned 16-bit words. */
  public int[] read(int fc, int address, int count) throws IOException {
    if (fc == 1 || fc == 2) {
      boolean[] bits = readBits(fc, address, count);
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        out[i] = bits[i] ? 1 : 0;
      }
      return out;
    }
    return readWords(fc, address, count);
  }

  /** FC01 or FC02. */
  public boolean[] readBits(int fc, int address, int count) throws IOException {
    if (fc != ModbusRequest.FC_READ_COILS && fc != ModbusRequest.FC_READ_DISCRETE_INPUTS) {
      throw new IllegalArgumentException("function " + fc + " does not read bits (1 and 2 do)");
    }
    Table table = fc == ModbusRequest.FC_READ_COILS ? Table.COIL : Table.DISCRETE_INPUT;
    List<Integer> values = readValues(new ModbusRequest.ReadBits(table, address, count));
    boolean[] bits = new boolean[count];
    for (int i = 0; i < count; i++) {
      bits[i] = values.get(i) != 0;
    }
    return bits;
  }

  /** FC03 or FC04: unsigned 16-bit values. */
  public int[] readWords(int fc, int address, int count) throws IOException {
    if (fc != ModbusRequest.FC_READ_HOLDING_REGISTERS
        && fc != ModbusRequest.FC_READ_INPUT_REGISTERS) {
      throw new IllegalArgumentException(
          "function " + fc + " does not read registers (3 and 4 do)");
    }
    Table table =
        fc == ModbusRequest.FC_READ_HOLDING_REGISTERS
            ? Table.HOLDING_REGISTER
            : Table.INPUT_REGISTER;
    return readValues(new ModbusRequest.ReadRegisters(table, address, count)).stream()
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** The values a read answered, read by the codec and checked against what was asked. */
  private List<Integer> readValues(ModbusRequest read) throws IOException {
    byte[] pdu = read.encode();
    PduFields asked = PduFields.ofRequest(pdu);
    PduFields answer = PduFields.ofResponse(transact(pdu), asked);
    int count = read.quantity();
    int expected = read instanceof ModbusRequest.ReadBits ? (count + 7) / 8 : 2 * count;
    if (answer.byteCount() != expected || answer.values().size() != count) {
      throw new IOException(
          "function "
              + read.functionCode()
              + " answered "
              + answer.byteCount()
              + " bytes, expected "
              + expected);
    }
    return answer.values();
  }

  /** FC05. */
  public void writeCoil(int address, boolean value) throws IOException {
    transact(new ModbusRequest.WriteSingleCoil(address, value).encode());
  }

  /** FC06. */
  public void writeRegister(int address, int value) throws IOException {
    transact(new ModbusRequest.WriteSingleRegister(address, value & 0xFFFF).encode());
  }

  /** FC16. */
  public void writeRegisters(int address, int... values) throws IOException {
    short[] words = new short[values.length];
    for (int i = 0; i < values.length; i++) {
      words[i] = (short) values[i];
    }
    transact(new ModbusRequest.WriteMultipleRegisters(address, words).encode());
  }

  /** FC17: the server id as text (the run indicator byte dropped). */
  public String reportServerId() throws IOException {
    byte[] r = transact(new byte[] {17});
    int n = Math.max(0, Math.min((r[1] & 0xFF) - 1, r.length - 2));
    return new String(r, 2, n, StandardCharsets.US_ASCII);
  }

  /** FC43/14 with read code 1 (basic): object id to value, following "more follows". */
  public Map<Integer, String> readDeviceIdentification() throws IOException {
    Map<Integer, String> objects = new LinkedHashMap<>();
    int next = 0;
    for (int round = 0; round < 8; round++) {
      byte[] r = transact(new byte[] {43, 14, 1, (byte) next});
      if (r.length < 7) {
        throw new IOException("FC43/14 answer of " + r.length + " bytes is too short");
      }
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

  /** FC90, the soft PLC's engineering function ({@link EngineeringProtocol}): request, response. */
  public byte[] engineering(byte[] pdu) throws IOException {
    if (pdu.length < 2 || (pdu[0] & 0xFF) != EngineeringProtocol.FUNCTION_CODE) {
      throw new IllegalArgumentException("not an FC90 request");
    }
    byte[] r = transact(pdu);
    if (r.length < 2 || r[1] != pdu[1]) {
      throw new IOException("FC90 answer does not match sub-function " + pdu[1]);
    }
    return r;
  }

  public boolean isOpen() {
    return !socket.isClosed();
  }

  /** Whether this connection goes to {@code address}:{@code port}. */
  public boolean connectedTo(String address, int port) {
    return new InetSocketAddress(address, port).equals(socket.getRemoteSocketAddress());
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the connection is gone either way.
    }
  }
}
