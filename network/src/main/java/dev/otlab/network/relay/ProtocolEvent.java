package dev.otlab.network.relay;

import dev.otlab.network.Protocol;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One request seen by a relay's tap, with its outcome: what detection and the run trace consume. A
 * request is reported once, when its response arrives (or when it was refused, or when the
 * connection closed without an answer).
 *
 * @param time lab clock seconds when the request arrived
 * @param relay id of the relay that saw it
 * @param connection connection id, unique within the lab ({@code <relay>#<n>})
 * @param sourceHost the host that sent the request
 * @param destinationHost the host it was for
 * @param protocol MODBUS, OPCUA, or a remote-access service (SSH, RDP, ...)
 * @param operation function name ({@code WRITE_SINGLE_REGISTER}) or service type ({@code
 *     WriteRequest}); {@code Encrypted} when an encrypting channel hides it; for a remote-access
 *     session, the opening recognised ({@code RDP_CONNECTION_REQUEST}, {@code SSH_BANNER}, see
 *     {@link dev.otlab.network.remote.RemoteOpening})
 * @param code Modbus function code or OPC UA encoding id, -1 when unknown
 * @param unitId Modbus unit id, -1 for OPC UA
 * @param address Modbus first address (read range for FC23), -1 when none
 * @param quantity Modbus points from {@code address}
 * @param writeAddress Modbus FC23 write address, else -1
 * @param writeQuantity Modbus FC23 registers written, else 0
 * @param nodeIds OPC UA node ids named by the request; for a remote-access session's opening, what
 *     it names as {@code key=value} (the account asked for, the client software, the host)
 * @param values values written (write requests) or read (from the response)
 * @param result what became of the request
 * @param status Modbus exception code or OPC UA status code (service result or first bad item)
 * @param write whether the request changes the device (Modbus writes, OPC UA Write, Call,
 *     HistoryUpdate)
 * @param conduit the conduit whose rule decided, null when none applied
 * @param rule the rule that decided, null for default deny
 */
public record ProtocolEvent(
    double time,
    String relay,
    String connection,
    String sourceHost,
    String destinationHost,
    Protocol protocol,
    String operation,
    int code,
    int unitId,
    int address,
    int quantity,
    int writeAddress,
    int writeQuantity,
    List<String> nodeIds,
    List<Double> values,
    Result result,
    long status,
    boolean write,
    @Nullable String conduit,
    @Nullable String rule) {

  /** What became of a request. */
  public enum Result {
    /** Answered normally. */
    OK,
    /** Answered with a Modbus exception or a bad OPC UA status. */
    ERROR,
    /** Refused by the conduit and dropped (the connection was closed). */
    DENIED,
    /** Refused by the conduit, which answered in the server's place. */
    REJECTED,
    /** The connection closed before an answer came. */
    NO_RESPONSE,
    /** Encrypted: the relay forwarded it but cannot see its outcome. */
    OPAQUE
  }

  public ProtocolEvent {
    nodeIds = List.copyOf(nodeIds);
    values = List.copyOf(values);
  }
}
