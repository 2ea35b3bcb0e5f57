package dev.otlab.network.relay;

/**
 * Receives the raw bytes of the connections a relay carries, on the side its client sees: what a
 * sensor on the conduit's link would record. Bytes from the client are reported as they arrive,
 * before the relay judges them (a denied request was still on the wire); bytes to the client as the
 * relay sends them (the server's answers and the relay's own refusals). Called on connection
 * threads in the order each connection's side saw them; implementations are thread-safe and stamp
 * the times themselves, from the lab clock. {@link #NONE}, the default, records nothing.
 */
public interface RelayCapture {

  RelayCapture NONE =
      new RelayCapture() {
        @Override
        public void refused(RelayRoute route, String connection, Refusal how) {}

        @Override
        public void opened(RelayRoute route, String connection) {}

        @Override
        public void fromClient(String connection, byte[] bytes, int offset, int length) {}

        @Override
        public void toClient(String connection, byte[] bytes, int offset, int length) {}

        @Override
        public void closed(String connection, Closer closer) {}
      };

  /** How a connection that never carried data was turned away. */
  enum Refusal {
    /** Dropped: the client's SYN went unanswered (a DENY rule, or a next hop that is gone). */
    DROPPED,
    /** Reset: the client's SYN was answered with a reset (a REJECT rule, or a connection cap). */
    RESET
  }

  /** Who ended a connection. */
  enum Closer {
    /** The client closed its side first. */
    CLIENT,
    /** The client reset the connection. */
    CLIENT_RESET,
    /** The relay closed towards the client: the server hung up, the conduit cut it, or it idled. */
    SERVER
  }

  /**
   * A connection turned away before any data. {@code connection} is the connection's id, or, for
   * one refused at a connection cap (which gets no id), {@code <relay>#refused} for every such one.
   */
  void refused(RelayRoute route, String connection, Refusal how);

  /** A connection the relay accepted and joined to its next hop; its id is unique in the lab. */
  void opened(RelayRoute route, String connection);

  /** Bytes the client sent; the array may be reused after the call. */
  void fromClient(String connection, byte[] bytes, int offset, int length);

  /** Bytes sent to the client; the array may be reused after the call. */
  void toClient(String connection, byte[] bytes, int offset, int length);

  /** The connection ended. */
  void closed(String connection, Closer closer);
}
