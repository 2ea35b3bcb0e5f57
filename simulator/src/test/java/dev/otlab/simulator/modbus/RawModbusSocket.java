package dev.otlab.simulator.modbus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A plain TCP client that sends whatever bytes a test wants, well-formed or not. */
final class RawModbusSocket implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawModbusSocket(int port) throws IOException {
    this(port, -1);
  }

  RawModbusSocket(int port, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  int localPort() {
    return socket.getLocalPort();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** Sends a request frame and returns the whole response frame. */
  byte[] exchange(byte[] frame) throws IOException {
    send(frame);
    return readFrame();
  }

  byte[] readFrame() throws IOException {
    byte[] header = in.readNBytes(MbapHeader.SIZE);
    if (header.length < MbapHeader.SIZE) {
      throw new IOException("connection closed after " + header.length + " header bytes");
    }
    int length = MbapHeader.read(header, 0).length();
    byte[] rest = in.readNBytes(length - 1);
    byte[] frame = Arrays.copyOf(header, MbapHeader.SIZE + rest.length);
    System.arraycopy(rest, 0, frame, MbapHeader.SIZE, rest.length);
    return frame;
  }

  /**
   * True once the server has closed the connection (EOF or reset); false while it is open and
   * silent. Never blocks for long, so it can be polled by Awaitility.
   */
  boolean closedByServer() {
    try {
      socket.setSoTimeout(10);
      int b = in.read();
      if (b >= 0) {
        throw new IllegalStateException("unexpected byte " + b + " from server");
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      try {
        socket.setSoTimeout(5000);
      } catch (IOException e) {
        // Already closed: nothing left to configure.
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
