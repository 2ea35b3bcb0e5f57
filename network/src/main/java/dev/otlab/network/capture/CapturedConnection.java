package dev.otlab.network.capture;

import dev.otlab.network.relay.Flow;
import dev.otlab.network.relay.RelayCapture;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One connection as a sensor saw it.
 *
 * @param sensor the sensor: the tapped conduit's id, or {@code span:ZONE} for a span port
 * @param relay the relay that carried it
 * @param connection its id, unique in the lab ({@code <relay>#<n>}, as protocol events name it)
 * @param flow client, server, protocol and the service's port
 * @param openTime lab seconds it opened or was refused at
 * @param openOrder its place in the capture's order
 * @param openLabel who opened it, as the capture's labeller said
 * @param refusal how it was turned away, or null when it was carried
 * @param data its bytes, in order
 * @param close how it ended, or null when it was still open when the capture ended
 */
public record CapturedConnection(
    String sensor,
    String relay,
    String connection,
    Flow flow,
    double openTime,
    long openOrder,
    String openLabel,
    RelayCapture.@Nullable Refusal refusal,
    List<Data> data,
    @Nullable Close close) {

  public CapturedConnection {
    data = List.copyOf(data);
  }

  /**
   * Bytes one side sent.
   *
   * @param time lab seconds
   * @param order place in the capture's order
   * @param fromClient client to server, else server (or the relay in its place) to client
   * @param bytes what was sent; not copied, not to be changed
   * @param label who caused it, as the capture's labeller said
   */
  public record Data(double time, long order, boolean fromClient, byte[] bytes, String label) {}

  /**
   * The end of a connection.
   *
   * @param time lab seconds
   * @param order place in the capture's order
   * @param closer who ended it
   */
  public record Close(double time, long order, RelayCapture.Closer closer) {}
}
