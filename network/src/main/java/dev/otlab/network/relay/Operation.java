package dev.otlab.network.relay;

import dev.otlab.network.ModbusFilter;
import dev.otlab.network.MqttDirection;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.OpcUaMode;
import dev.otlab.simulator.modbus.MbapHeader;
import dev.otlab.simulator.plc.Table;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a client does over a connection, as far as a conduit rule can judge it: the protocol
 * operation half of a flow description (the other half is the {@link Flow}). Relays build one from
 * every message they read; the static analysis enumerates one per class of operations ({@link
 * OperationSpace}); both hand it to {@link Policy#decide}.
 */
public sealed interface Operation {

  /** Opening the connection, with nothing said on it yet: all a rule judges of other protocols. */
  record Connect() implements Operation {
    @Override
    public String toString() {
      return "connect";
    }
  }

  /**
   * One Modbus request.
   *
   * @param functionCode 1..127
   * @param address first address read or written (FC23: read), -1 when the function carries none
   *     the relay can read
   * @param quantity points from {@code address}, at least 1 when it is known
   * @param writeAddress FC23's first written register, else -1
   * @param writeQuantity FC23's registers written, else 0
   */
  record Modbus(int functionCode, int address, int quantity, int writeAddress, int writeQuantity)
      implements Operation {

    public Modbus {
      if (functionCode < 1 || functionCode > 127) {
        throw new IllegalArgumentException(functionCode + " is not a Modbus function code");
      }
    }

    /** A request without an address the relay can read (FC 8, 43, 90 and the like). */
    public static Modbus unaddressed(int functionCode) {
      return new Modbus(functionCode, -1, 0, -1, 0);
    }

    /** What a relay judges of a decoded request. */
    public static Modbus of(ModbusMessage m) {
      return new Modbus(
          m.functionCode(), m.address(), m.quantity(), m.writeAddress(), m.writeQuantity());
    }

    /** The table the addresses are in, or null when the function names none. */
    public @Nullable Table table() {
      return ModbusFilter.tableOf(functionCode);
    }

    public boolean addressKnown() {
      return address >= 0;
    }

    /**
     * A request frame that a relay decodes back into this operation: the PDU layout of the function
     * (values zero, the quantity in the header even when no server would accept it, because a relay
     * judges the addresses it reads and the server answers for the rest).
     */
    public byte[] frame(int transactionId, int unitId) {
      byte[] pdu;
      switch (functionCode) {
        case 1, 2, 3, 4, 15, 16 -> pdu = pdu(functionCode, address, quantity);
        case 5, 6 -> pdu = pdu(functionCode, address, 0);
        case 22 -> pdu = new byte[] {(byte) functionCode, hi(address), lo(address), 0, 0, 0, 0};
        case 24 -> pdu = new byte[] {(byte) functionCode, hi(address), lo(address)};
        case 23 ->
            pdu =
                new byte[] {
                  (byte) functionCode,
                  hi(address),
                  lo(address),
                  hi(quantity),
                  lo(quantity),
                  hi(writeAddress),
                  lo(writeAddress),
                  hi(writeQuantity),
                  lo(writeQuantity),
                  0
                };
        // FC 8 (diagnostics: return query data), 43 (read device identification), 90
        // (engineering: read mode) and the rest: a sub-function and a little data.
        default -> pdu = new byte[] {(byte) functionCode, 0, 0, 0, 0};
      }
      if (address >= 0 && !hasAddress(functionCode)) {
        throw new IllegalStateException("function code " + functionCode + " has no address");
      }
      byte[] frame = new byte[MbapHeader.SIZE + pdu.length];
      new MbapHeader(transactionId, 0, pdu.length + 1, unitId).write(frame, 0);
      System.arraycopy(pdu, 0, frame, MbapHeader.SIZE, pdu.length);
      return frame;
    }

    /** Whether the relay reads an address from requests of this function. */
    public static boolean hasAddress(int functionCode) {
      return switch (functionCode) {
        case 1, 2, 3, 4, 5, 6, 15, 16, 22, 23, 24 -> true;
        default -> false;
      };
    }

    private static byte[] pdu(int fc, int address, int second) {
      return new byte[] {(byte) fc, hi(address), lo(address), hi(second), lo(second)};
    }

    private static byte hi(int v) {
      return (byte) (v >> 8);
    }

    private static byte lo(int v) {
      return (byte) v;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "FC%02d", functionCode));
      if (address >= 0) {
        sb.append(' ').append(address).append("..").append(address + quantity - 1);
      }
      if (writeAddress >= 0) {
        sb.append(" write ")
            .append(writeAddress)
            .append("..")
            .append(writeAddress + writeQuantity - 1);
      }
      return sb.toString();
    }
  }

  /**
   * One OPC UA message.
   *
   * @param mode the channel's message security mode
   * @param service the request's service type, or null when the body is encrypted (under
   *     sign-and-encrypt a relay cannot read it)
   */
  record OpcUa(OpcUaMode mode, @Nullable UaService service) implements Operation {
    @Override
    public String toString() {
      return (service == null ? "encrypted" : service.name()) + " (" + mode + ")";
    }
  }

  /**
   * One MQTT PUBLISH or SUBSCRIBE: what an MQTT rule judges. Connecting, pinging, acknowledging,
   * unsubscribing and disconnecting are plumbing that every allowed connection carries, so they are
   * not operations.
   *
   * @param direction PUBLISH (then {@code topic} is a topic name) or SUBSCRIBE (then it is a topic
   *     filter, one per operation even when a SUBSCRIBE packet carries several)
   * @param topic the topic name or filter
   */
  record Mqtt(MqttDirection direction, String topic) implements Operation {

    public Mqtt {
      if (direction == MqttDirection.ANY) {
        throw new IllegalArgumentException("an MQTT operation publishes or subscribes");
      }
      String problem =
          direction == MqttDirection.PUBLISH
              ? (MqttFilter.isTopicName(topic) ? null : "is not a topic name")
              : MqttFilter.filterProblem(topic);
      if (problem != null) {
        throw new IllegalArgumentException("'" + topic + "' " + problem);
      }
    }

    public static Mqtt publish(String topic) {
      return new Mqtt(MqttDirection.PUBLISH, topic);
    }

    public static Mqtt subscribe(String filter) {
      return new Mqtt(MqttDirection.SUBSCRIBE, filter);
    }

    @Override
    public String toString() {
      return (direction == MqttDirection.PUBLISH ? "publish " : "subscribe ") + topic;
    }
  }
}
