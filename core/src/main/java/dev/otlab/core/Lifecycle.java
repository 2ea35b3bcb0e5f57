package dev.otlab.core;

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

  /**
   * The parts as one: started in order, stopped in reverse, and a part that fails to start stops
   * the ones started before it.
   */
  static Lifecycle all(Lifecycle... parts) {
    java.util.List<Lifecycle> list = java.util.List.of(parts);
    return new Lifecycle() {
      @Override
      public void start() {
        for (int i = 0; i < list.size(); i++) {
          try {
            list.get(i).start();
          } catch (RuntimeException e) {
            stop();
            throw e;
          }
        }
      }

      @Override
      public void stop() {
        RuntimeException first = null;
        for (int i = list.size() - 1; i >= 0; i--) {
          try {
            list.get(i).stop();
          } catch (RuntimeException e) {
            if (first == null) {
              first = e;
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }
    };
  }
}
