package dev.otlab.simulator.core;

/**
 * Anything that owns a socket or a thread. The orchestrator starts components in order and stops
 * them in reverse; {@link #stop()} must be idempotent and must release every resource even when
 * {@link #start()} failed half way, so a test or a killed run never leaks a bound port.
 */
public interface Lifecycle extends AutoCloseable {

  /** Binds sockets and starts threads; throws an {@link OtlabException} when it cannot. */
  void start();

  /** Releases everything; safe to call more than once and after a failed start. */
  void stop();

  @Override
  default void close() {
    stop();
  }
}
