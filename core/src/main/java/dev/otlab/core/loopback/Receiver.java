package dev.otlab.core.loopback;

import java.io.IOException;

/** What receives one side's bytes: the listener's protocol handler, or a client's read buffer. */
public interface Receiver {

  /** Takes nothing in: for a connection that was refused or reset as it was accepted. */
  Receiver DISCARD =
      new Receiver() {
        @Override
        public void received(byte[] bytes) {}

        @Override
        public void closed(boolean reset) {}
      };

  /**
   * The other side wrote {@code bytes} (the receiver owns the array). Runs on the writer's thread.
   *
   * @throws IOException to reset the connection, as a device does on a broken stream
   */
  void received(byte[] bytes) throws IOException;

  /**
   * The other side closed the connection.
   *
   * @param reset with a reset (RST), as a firewall's reject or a device's abort
   */
  void closed(boolean reset);
}
