package dev.otlab.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that starts a request and never finishes it (a half-sent request line, the slow-loris
 * pattern) loses its connection after the idle timeout instead of holding it open for good. The
 * profile shortens the timeout to keep the test quick; the socket's read bound only turns a hang
 * into a failure and measures nothing.
 */
@QuarkusTest
@TestProfile(IdleTimeoutIT.ShortIdle.class)
class IdleTimeoutIT {

  /** The service with a two-second idle timeout. */
  public static class ShortIdle implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.idle-timeout", "2S");
    }
  }

  @TestHTTPResource("/")
  URL base;

  @Test
  void aHalfSentRequestLineIsClosed() throws Exception {
    assertClosedAfter("GET /api/li");
  }

  @Test
  void aRequestWithUnfinishedHeadersIsClosed() throws Exception {
    assertClosedAfter("GET /api/lab HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
  }

  private void assertClosedAfter(String partial) throws Exception {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      // Far above the configured timeout: reaching it means the server kept the connection.
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(partial.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      int read;
      try {
        // The server may answer something before closing; what counts is the end of the stream.
        do {
          read = in.read();
        } while (read >= 0);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server kept a half-sent request open for 60 s", e);
      } catch (java.net.SocketException e) {
        // A reset is a close too.
        read = -1;
      }
      assertThat(read).isEqualTo(-1);
    }
  }
}
