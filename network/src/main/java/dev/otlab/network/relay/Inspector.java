package dev.otlab.network.relay;

/**
 * Judges and taps one connection's frames, in both directions. Client frames arrive on one thread
 * and server frames on another, so implementations keep shared state thread-safe.
 */
public interface Inspector {

  /** Framing of the client-to-server direction. */
  StreamFramer clientFramer();

  /** Framing of the server-to-client direction. */
  StreamFramer serverFramer();

  /** Judges a request frame from the client. */
  Verdict fromClient(byte[] frame);

  /** Handles a response frame from the server (pairs it, taps it); normally forwards it. */
  Verdict fromServer(byte[] frame);

  /** The connection closed: report requests that never got an answer. */
  void closed();
}
