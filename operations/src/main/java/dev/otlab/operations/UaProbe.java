package dev.otlab.operations;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An OPC UA Hello on a plain socket, sent before a session is opened. Milo's client notices a
 * connection that a relay closed only when its timeout runs out, which would stall the clock thread
 * for seconds per attempt; a Hello answered by a close, a reset or an ERR shows the refusal at
 * once. A real client's discovery connection looks the same on the wire.
 */
final class UaProbe {

  private UaProbe() {}

  /** Empty when the server acknowledged the Hello; otherwise what refused it. */
  static Optional<String> refusal(String address, int port, String endpointUrl, int timeoutMillis) {
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(address, port), timeoutMillis);
      byte[] url = endpointUrl.getBytes(StandardCharsets.UTF_8);
      ByteBuffer hel = ByteBuffer.allocate(32 + url.length).order(ByteOrder.LITTLE_ENDIAN);
      hel.put("HELF".getBytes(StandardCharsets.US_ASCII))
          .putInt(32 + url.length)
          .putInt(0) // protocol version
          .putInt(65_535) // receive buffer
          .putInt(65_535) // send buffer
          .putInt(0) // max message size: no limit
          .putInt(0) // max chunk count: no limit
          .putInt(url.length)
          .put(url);
      OutputStream out = s.getOutputStream();
      out.write(hel.array());
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] header = new byte[8];
      in.readFully(header);
      String type = new String(header, 0, 3, StandardCharsets.US_ASCII);
      if (type.equals("ACK")) {
        return Optional.empty();
      }
      int size = ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (type.equals("ERR") && size >= 16 && size <= 65_536) {
        byte[] body = new byte[size - 8];
        in.readFully(body);
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        long status = b.getInt() & 0xFFFF_FFFFL;
        int length = b.getInt();
        String reason =
            length > 0 && length <= b.remaining()
                ? new String(body, 8, length, StandardCharsets.UTF_8)
                : "";
        return Optional.of(String.format("OPC UA error 0x%08X %s", status, reason).trim());
      }
      return Optional.of("unexpected OPC UA answer '" + type + "' to Hello");
    } catch (EOFException e) {
      return Optional.of("connection closed during OPC UA Hello");
    } catch (IOException e) {
      return Optional.of("OPC UA Hello failed: " + e.getMessage());
    }
  }
}
