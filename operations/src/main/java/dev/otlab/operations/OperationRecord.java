package dev.otlab.operations;

import dev.otlab.network.Protocol;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One benign operation as it happened: who did what to which host, how it ended, and what the actor
 * saw. Benign by construction; attack steps are recorded elsewhere.
 *
 * @param time lab seconds when the operation ran
 * @param actor host that acted (an HMI, historian, engineering workstation, IIoT gateway or cloud
 *     application)
 * @param target host acted on (a PLC or SIS host, or the broker of an MQTT operation)
 * @param protocol protocol used
 * @param operation what it was: {@code hmi-poll}, {@code operator-setpoint}, {@code
 *     historian-collect}, {@code engineering-status}, {@code engineering-download}, {@code
 *     vendor-session}, {@code mirror-replication}, {@code iiot-collect}, {@code iiot-publish},
 *     {@code iiot-write-back}, {@code cloud-subscribe} or {@code cloud-setpoint}
 * @param detail human sentence (points written, blocks read, why it failed)
 * @param outcome how it ended
 * @param values tag to engineering value as this actor saw it (read or, for writes, written), in
 *     the controller's point order; when a poll is refused part way, what was read before
 */
public record OperationRecord(
    double time,
    String actor,
    String target,
    Protocol protocol,
    String operation,
    String detail,
    Outcome outcome,
    Map<String, Double> values) {

  public static final String HMI_POLL = "hmi-poll";
  public static final String OPERATOR_SETPOINT = "operator-setpoint";
  public static final String HISTORIAN_COLLECT = "historian-collect";
  public static final String ENGINEERING_STATUS = "engineering-status";

  /**
   * An operator's manual action a response asked for (start a pump, close a valve), written by an
   * HMI: benign, but not part of the routine.
   */
  public static final String OPERATOR_ACTION = "operator-action";

  /** An IIoT gateway reads PLC tags over OPC UA for MQTT. */
  public static final String IIOT_COLLECT = "iiot-collect";

  /** An IIoT gateway publishes PLC values to its broker. */
  public static final String IIOT_PUBLISH = "iiot-publish";

  /** An IIoT gateway writes a setpoint the cloud sent to a PLC over OPC UA. */
  public static final String IIOT_WRITE_BACK = "iiot-write-back";

  /** A cloud application subscribes to a site's values. */
  public static final String CLOUD_SUBSCRIBE = "cloud-subscribe";

  /** A cloud application sends setpoints back through a gateway. */
  public static final String CLOUD_SETPOINT = "cloud-setpoint";

  /** A legitimate program download inside the declared maintenance window. */
  public static final String ENGINEERING_DOWNLOAD = "engineering-download";

  /** A vendor's remote RDP session in the maintenance window (to the jump host, then on). */
  public static final String VENDOR_SESSION = "vendor-session";

  /** The plant historian pushing to a mirror in a higher zone over HTTP. */
  public static final String MIRROR_REPLICATION = "mirror-replication";

  public OperationRecord {
    // Insertion order is kept so a trace lists tags as the controller declares them; a run keeps
    // tens of thousands of these, so the copy is two arrays rather than a linked hash map.
    values = TagValues.copyOf(values);
  }

  /** Closed set of outcomes. */
  public sealed interface Outcome {

    /** The three kinds, for tables and counts. */
    enum Kind {
      OK,
      DENIED,
      FAILED
    }

    Kind kind();

    /** The operation completed. */
    record Ok() implements Outcome {
      @Override
      public Kind kind() {
        return Kind.OK;
      }
    }

    /**
     * A conduit refused it: operational friction, a cost of the architecture.
     *
     * @param conduit conduit id, or the ids of the path joined with {@code >} when the refusing one
     *     is not known, or {@code (none)} when no conduit path exists
     * @param rule the refusing rule when known
     * @param reason what the actor observed
     */
    record Denied(String conduit, @Nullable String rule, String reason) implements Outcome {
      @Override
      public Kind kind() {
        return Kind.DENIED;
      }
    }

    /** The device refused it or the I/O failed on a path no conduit polices. */
    record Failed(String reason) implements Outcome {
      @Override
      public Kind kind() {
        return Kind.FAILED;
      }
    }
  }
}
