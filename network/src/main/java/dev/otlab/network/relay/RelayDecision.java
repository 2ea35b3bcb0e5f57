package dev.otlab.network.relay;

import dev.otlab.network.Protocol;

/**
 * A decision a relay took, for the run trace.
 *
 * @param time lab clock seconds
 * @param relay relay id
 * @param connection connection id ({@code <relay>#<n>})
 * @param sourceHost the connecting host
 * @param destinationHost the host it wants to reach
 * @param protocol the route's protocol
 * @param port the logical destination port
 * @param scope whether the connection or one message was judged
 * @param subject what was judged, e.g. {@code connect} or {@code FC06 WRITE_SINGLE_REGISTER 1+1}
 * @param decision the verdict, with conduit and rule
 */
public record RelayDecision(
    double time,
    String relay,
    String connection,
    String sourceHost,
    String destinationHost,
    Protocol protocol,
    int port,
    Scope scope,
    String subject,
    ConduitDecision decision) {

  public enum Scope {
    CONNECTION,
    MESSAGE
  }
}
