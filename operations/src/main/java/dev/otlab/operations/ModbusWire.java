package dev.otlab.operations;

import dev.otlab.simulator.modbus.EngineeringProtocol;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A minimal Modbus TCP master on a plain socket. Benign operations run on the clock thread, so a
 * connection a relay closed must show up at once as an error, not as a multi-second wait (which is
 * what the j2mod master does); reads here fail on EOF or RST immediately, and every read has a
 * short timeout.
 */
final class ModbusWire implements AutoCloseable {

  /** The device (or a relay in its place) answered with a Modbus exception. */
  static final class ExceptionResponse extends IOException {
    private static final long serialVersionUID = 1L;
    final int functionCode;
    final int code;

    ExceptionResponse(int functionCode, int code) {
      super("Modbus exception " + code + " to function " + functionCode);
      this.functionCode = functionCode;
      this.code = code;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int unitId;
  private int transaction;

  private ModbusWire(Socket socket, int unitId) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.unitId = unitId;
  }

  static ModbusWire connect(String address, int port, int unitId, int timeoutMillis)
      throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(address, port), timeoutMillis);
      return new ModbusWire(s, unitId);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** FC01/FC02: bits as 0/1; FC03/FC04: register words. */
  int[] read(int functionCode, int start, int count) throws IOException {
    byte[] pdu = {
      (byte) functionCode, (byte) (start >> 8), (byte) start, (byte) (count >> 8), (byte) count
    };
    byte[] answer = exchange(pdu);
    int bytes = answer[1] & 0xFF;
    boolean bits = functionCode <= 2;
    int expected = bits ? (count + 7) / 8 : count * 2;
    if (bytes != expected || answer.length < 2 + bytes) {
      throw new IOException(
          "function " + functionCode + " answered " + bytes + " bytes, expected " + expected);
    }
    int[] words = new int[count];
    for (int i = 0; i < count; i++) {
      words[i] =
          bits
              ? (answer[2 + i / 8] >> (i % 8)) & 1
              : ((answer[2 + 2 * i] & 0xFF) << 8) | (answer[3 + 2 * i] & 0xFF);
    }
    return words;
  }

  /** FC06 for one register unless {@code multiple}, FC16 otherwise. */
  void writeRegisters(int start, int[] words, boolean multiple) throws IOException {
    byte[] pdu;
    if (words.length == 1 && !multiple) {
      pdu =
          new byte[] {
            6, (byte) (start >> 8), (byte) start, (byte) (words[0] >> 8), (byte) words[0]
          };
    } else {
      pdu = new byte[6 + 2 * words.length];
      pdu[0] = 16;
      pdu[1] = (byte) (start >> 8);
      pdu[2] = (byte) start;
      pdu[3] = (byte) (words.length >> 8);
      pdu[4] = (byte) words.length;
      pdu[5] = (byte) (2 * words.length);
      for (int i = 0; i < words.length; i++) {
        pdu[6 + 2 * i] = (byte) (words[i] >> 8);
        pdu[7 + 2 * i] = (byte) words[i];
      }
    }
    exchange(pdu);
  }

  /**
   * One FC90 engineering request (a PDU from {@link
   * dev.otlab.simulator.modbus.EngineeringProtocol}); returns the response PDU.
   */
  byte[] engineering(byte[] pdu) throws IOException {
    if (pdu.length < 2 || (pdu[0] & 0xFF) != EngineeringProtocol.FUNCTION_CODE) {
      throw new IllegalArgumentException("not an FC90 request");
    }
    byte[] answer = exchange(pdu);
    if (answer.length < 2 || answer[1] != pdu[1]) {
      throw new IOException("FC90 answer for another sub-function");
    }
    return answer;
  }

  private byte[] exchange(byte[] pdu) throws IOException {
    int tid = ++transaction & 0xFFFF;
    byte[] frame = new byte[7 + pdu.length];
    frame[0] = (byte) (tid >> 8);
    frame[1] = (byte) tid;
    frame[4] = (byte) ((pdu.length + 1) >> 8);
    frame[5] = (byte) (pdu.length + 1);
    frame[6] = (byte) unitId;
    System.arraycopy(pdu, 0, frame, 7, pdu.length);
    out.write(frame);
    out.flush();
    byte[] header = new byte[7];
    readFully(header);
    int answerTid = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
    int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
    if (answerTid != tid || length < 2 || length > 254) {
      throw new IOException(
          "bad MBAP header (transaction " + answerTid + ", length " + length + ")");
    }
    byte[] answer = new byte[length - 1];
    readFully(answer);
    int fc = answer[0] & 0xFF;
    if (fc == (pdu[0] | 0x80)) {
      throw new ExceptionResponse(pdu[0], answer.length > 1 ? answer[1] & 0xFF : 0);
    }
    if (fc != pdu[0]) {
      throw new IOException("answer to function " + fc + " for request " + pdu[0]);
    }
    return answer;
  }

  private void readFully(byte[] b) throws IOException {
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw new IOException("connection closed by peer", e);
    }
  }

  boolean isOpen() {
    return !socket.isClosed();
  }

  /** Whether this connection goes to {@code address}:{@code port}. */
  boolean connectedTo(String address, int port) {
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
