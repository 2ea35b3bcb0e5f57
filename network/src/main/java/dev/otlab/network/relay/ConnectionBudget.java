package dev.otlab.network.relay;

import java.util.concurrent.Semaphore;

/**
 * A cap on connections shared by every relay of a lab, on top of each relay's own cap: two threads
 * per connection make connections the resource a flood exhausts.
 */
public final class ConnectionBudget {

  private final int max;
  private final Semaphore permits;

  public ConnectionBudget(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a connection budget of " + max + " allows nothing");
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /** Effectively unlimited, for a relay used on its own. */
  public static ConnectionBudget unlimited() {
    return new ConnectionBudget(Integer.MAX_VALUE);
  }

  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  public void release() {
    permits.release();
  }

  public int inUse() {
    return max - permits.availablePermits();
  }
}
