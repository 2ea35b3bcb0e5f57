package dev.otlab.simulator.modbus;

import java.net.InetSocketAddress;

/**
 * Sees what a {@link ModbusTcpServer} does, for protocol event records and detection. Called on
 * connection threads, so implementations must be thread-safe and quick; an exception thrown here is
 * logged and otherwise ignored.
 */
public interface ModbusServerListener {

  /** Listens to nothing. */
  ModbusServerListener NONE = new ModbusServerListener() {};

  /** How a request ended. */
  sealed interface Outcome {
    /** A normal response was sent. */
    record Answered() implements Outcome {}

    /** An exception response was sent. */
    record ExceptionResponse(ModbusExceptionCode code, String detail) implements Outcome {}
  }

  /** Why a connection ended. */
  enum CloseReason {
    /** The client closed it. */
    PEER_CLOSED,
    /** No frame started within the idle timeout. */
    IDLE_TIMEOUT,
    /** A started frame did not complete within the frame timeout. */
    FRAME_TIMEOUT,
    /** The MBAP header was not Modbus (protocol id, length). */
    MALFORMED_FRAME,
    /** Over the total or per-source connection cap: closed right after accept. */
    OVER_CAPACITY,
    /** The client stopped reading responses and a write stalled. */
    WRITE_STALLED,
    /** The server was stopped. */
    SERVER_STOPPED,
    /** A socket error, e.g. a reset. */
    IO_ERROR
  }

  /**
   * One request frame that got an answer (normal or exception). {@code address} and {@code
   * quantity} are 0 where the function has none or the frame was too short to carry them.
   */
  default void onRequest(
      InetSocketAddress source,
      int unitId,
      int functionCode,
      int address,
      int quantity,
      Outcome outcome) {}

  /** A connection was accepted and will be served. */
  default void onConnect(InetSocketAddress source) {}

  /** A connection ended (or was refused, with {@link CloseReason#OVER_CAPACITY}). */
  default void onDisconnect(InetSocketAddress source, CloseReason reason, String detail) {}
}
