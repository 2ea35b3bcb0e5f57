package dev.otlab.network.relay;

import org.jspecify.annotations.Nullable;

/** What a relay does with one frame an inspector judged. */
public sealed interface Verdict {

  /** Pass the frame on to the other side. */
  record Forward(byte[] bytes) implements Verdict {}

  /**
   * Do not pass it on; answer the client in the server's place (Modbus REJECT), or with nothing
   * when {@code toClient} is empty (an MQTT QoS 0 PUBLISH refused under REJECT).
   */
  record Answer(byte[] toClient) implements Verdict {}

  /** Close the connection, after sending {@code toClient} (an OPC UA ERR) when present. */
  record Close(String reason, byte @Nullable [] toClient) implements Verdict {}
}
