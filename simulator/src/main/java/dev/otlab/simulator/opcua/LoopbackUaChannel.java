package dev.otlab.simulator.opcua;

import dev.otlab.core.loopback.LoopbackEnd;
import dev.otlab.core.loopback.Receiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty channel whose wire is an in-process connection ({@link LoopbackEnd}) instead of a socket,
 * so that Milo's own UASC handlers (Hello, secure channel, chunking, signing and encryption) run
 * unchanged and the bytes they exchange are the bytes a socket would carry, through the same
 * relays. What the pipeline writes goes to the other end on the writer's thread; what arrives is
 * decoded on the thread that delivered it. A request is thus answered, through every relay and the
 * server, before the client's write returns, without a thread hand-off or a kernel round trip.
 *
 * <p>One thread at a time works the pipeline (Netty's embedded event loop is not thread-safe).
 * Bytes that arrive while the pipeline is busy (the answer to its own write, further down the same
 * stack, or a close from another thread) wait in a queue that the working thread drains before it
 * lets go, so no delivery blocks on a lock and two channels never wait for each other.
 */
final class LoopbackUaChannel extends EmbeddedChannel implements Receiver {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackUaChannel.class);

  /** Where in-process peers appear to be: loopback, no port (Milo reads the address, not port). */
  static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final ReentrantLock lock = new ReentrantLock();
  private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final boolean inline;
  private @Nullable LoopbackEnd end;

  /**
   * @param inline whether the pipeline's work marks its thread for {@link InProcessExecutor}: a
   *     server's channel, whose service calls then run on the delivering thread too
   */
  LoopbackUaChannel(InetSocketAddress local, InetSocketAddress remote, boolean inline) {
    super(false, false);
    this.local = local;
    this.remote = remote;
    this.inline = inline;
  }

  /**
   * Puts the handlers in the pipeline and activates the channel on {@code wire} (a client's
   * handlers send their Hello now).
   */
  void open(LoopbackEnd wire, ChannelHandler... handlers) {
    end = wire;
    run(
        () -> {
          pipeline().addLast(handlers);
          try {
            register();
          } catch (Exception e) {
            throw new IllegalStateException("an embedded channel could not register", e);
          }
        });
  }

  /**
   * Runs {@code work} on the pipeline: at once on this thread when nobody works it, else after the
   * work in progress (on whichever thread does that). Never blocks on another thread.
   */
  void run(Runnable work) {
    queued.add(work);
    if (!lock.isHeldByCurrentThread()) {
      drain();
    }
  }

  /**
   * Runs {@code work} on the pipeline now, on this thread, waiting for another thread's work to end
   * first: for a client's own requests, which must be written before their answers are awaited.
   * Within the pipeline's own work it runs at once, and the answers wait for that work to drain.
   */
  void runNow(Runnable work) {
    if (lock.isHeldByCurrentThread()) {
      // Called from within the pipeline's own work (a handler's callback sends a request): the
      // work further up this stack drains whatever the write brings back.
      work.run();
      return;
    }
    lock.lock();
    try {
      work.run();
      runQueued();
    } finally {
      lock.unlock();
    }
    drain();
  }

  private void drain() {
    // Never from within this thread's own work: a decoder must not be entered twice.
    while (!queued.isEmpty() && !lock.isHeldByCurrentThread() && lock.tryLock()) {
      try {
        runQueued();
      } finally {
        lock.unlock();
      }
    }
  }

  private void runQueued() {
    InProcessExecutor.Mark mark = inline ? InProcessExecutor.mark() : null;
    try {
      Runnable next;
      while ((next = queued.poll()) != null) {
        try {
          next.run();
        } catch (RuntimeException e) {
          // A handler failed outside Netty's own exception path; the connection cannot go on.
          LOG.debug("in-process OPC UA channel {} failed; closing", this, e);
          close();
        }
      }
    } finally {
      if (mark != null) {
        mark.close();
      }
    }
  }

  @Override
  public void received(byte[] bytes) throws IOException {
    run(
        () -> {
          if (isOpen()) {
            writeInbound(Unpooled.wrappedBuffer(bytes));
          }
        });
  }

  @Override
  public void closed(boolean reset) {
    run(
        () -> {
          if (isOpen()) {
            close();
          }
        });
  }

  @Override
  protected void handleOutboundMessage(Object msg) {
    // EmbeddedChannel retained msg for its outbound queue; it goes to the wire instead.
    try {
      LoopbackEnd wire = end;
      if (msg instanceof ByteBuf buf && wire != null && buf.isReadable()) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        wire.send(bytes);
      }
    } catch (IOException e) {
      LOG.debug("in-process OPC UA channel {}: {}; closing", this, e.toString());
      run(this::close);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  protected void handleInboundMessage(Object msg) {
    // Whatever reaches the pipeline's tail was not for anyone (Milo's handlers consume their own).
    ReferenceCountUtil.release(msg);
  }

  @Override
  protected void doClose() throws Exception {
    super.doClose();
    LoopbackEnd wire = end;
    if (wire != null) {
      wire.close();
    }
  }

  @Override
  protected SocketAddress localAddress0() {
    return local;
  }

  @Override
  protected SocketAddress remoteAddress0() {
    return remote;
  }
}
