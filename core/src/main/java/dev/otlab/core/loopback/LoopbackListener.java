package dev.otlab.core.loopback;

import org.jspecify.annotations.Nullable;

/** A listener of this JVM as in-process clients reach it: see {@link Loopback}. */
@FunctionalInterface
public interface LoopbackListener {

  /**
   * A client of this JVM connects. Runs on the client's thread.
   *
   * @param toClient the accepted end: what the listener sends reaches the client
   * @return what receives the client's bytes; null to decline, and the client connects over a
   *     kernel socket instead (a listener that can only serve some connections in process)
   */
  @Nullable Receiver accept(LoopbackEnd toClient);
}
