package dev.otlab.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A host agent's refusals, over loopback: it is no way out of the lab. */
class AgentServerIT {

  private final AgentServer agent =
      new AgentServer("127.0.0.1", 0, Set.of("plc-intake", "gw-ops-control"), a -> false);

  @AfterEach
  void stop() {
    agent.stop();
  }

  private String ask(String line) throws Exception {
    agent.start();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = AgentServer.readLine(s.getInputStream());
      assertThat(s.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
      return answer;
    }
  }

  @Test
  void anAddressIsNoTarget() throws Exception {
    assertThat(ask("CONNECT 127.0.0.1 22"))
        .isEqualTo("ERR '127.0.0.1:22' is not a service of this lab");
  }

  @Test
  void aNameOutsideTheLabIsNoTarget() throws Exception {
    assertThat(ask("CONNECT localhost 502")).startsWith("ERR 'localhost:502' is not a service");
  }

  @Test
  void aLabNameThatDoesNotResolveHereIsRefused() throws Exception {
    assertThat(ask("CONNECT plc-intake 502"))
        .isEqualTo("ERR plc-intake does not resolve on this host's zones");
  }

  @Test
  void anythingButConnectIsRefused() throws Exception {
    assertThat(ask("GET / HTTP/1.0")).isEqualTo("ERR expected CONNECT NAME PORT");
  }
}
