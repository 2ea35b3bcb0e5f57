package dev.otlab.simulator.opcua;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A server's executor that runs a task on the calling thread when that thread is delivering an
 * in-process client's request ({@link LoopbackUaChannel}), and on Milo's pool otherwise. Milo hands
 * every service call to its executor; for an in-process client that hand-off (and the one back)
 * would be most of a read's cost, and the client's thread is waiting for the answer anyway. Clients
 * over sockets are served on the pool as before.
 *
 * <p>The pool is Milo's shared one and outlives any server, so shutting this executor down does not
 * shut the pool down.
 */
final class InProcessExecutor extends AbstractExecutorService {

  private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

  private final ExecutorService pool;

  InProcessExecutor(ExecutorService pool) {
    this.pool = pool;
  }

  /** Marks this thread as delivering in process until the mark is closed (marks nest). */
  static Mark mark() {
    boolean before = INLINE.get();
    INLINE.set(true);
    return new Mark(before);
  }

  /** A thread's in-process mark, restored to what it was on close. */
  static final class Mark implements AutoCloseable {
    private final boolean before;

    private Mark(boolean before) {
      this.before = before;
    }

    @Override
    public void close() {
      INLINE.set(before);
    }
  }

  @Override
  public void execute(Runnable task) {
    if (INLINE.get()) {
      task.run();
    } else {
      pool.execute(task);
    }
  }

  @Override
  public void shutdown() {
    // The shared pool is not this server's to stop.
  }

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return false;
  }
}
