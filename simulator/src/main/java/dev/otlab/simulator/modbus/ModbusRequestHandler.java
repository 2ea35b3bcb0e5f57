package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.DeviceIdentity;
import dev.otlab.simulator.plc.EngineeringPort;
import dev.otlab.simulator.plc.PlcMode;
import dev.otlab.simulator.plc.ReadResult;
import dev.otlab.simulator.plc.Rejected;
import dev.otlab.simulator.plc.Table;
import dev.otlab.simulator.plc.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Executes decoded requests against one controller. No sockets: the server hands it a {@link
 * ModbusRequest} and sends back whatever {@link Reply} comes out, so every protocol rule that
 * depends on the controller (unmapped addresses, read-only points, envelopes, a stopped device) is
 * tested here directly.
 */
public final class ModbusRequestHandler {

  /** Conformity level 0x82: regular identification, stream and individual access. */
  static final int CONFORMITY_LEVEL = 0x82;

  /** Leaves room for the seven header bytes of an FC43/14 response in a 253-byte PDU. */
  private static final int MAX_DEVICE_ID_OBJECTS_BYTES = 253 - 7;

  /** An object's value must fit a response on its own, beside its id and length bytes. */
  private static final int MAX_OBJECT_VALUE = MAX_DEVICE_ID_OBJECTS_BYTES - 2;

  /** What to send back. */
  public sealed interface Reply {
    /** A normal response PDU. */
    record Response(byte[] pdu) implements Reply {}

    /** An exception response; {@code detail} explains it to logs and listeners. */
    record Failure(int functionCode, ModbusExceptionCode code, String detail) implements Reply {
      public byte[] pdu() {
        return ModbusPdu.exception(functionCode, code.code());
      }
    }
  }

  private final ControllerEndpoint endpoint;
  private final @Nullable EngineeringPort engineering;
  private final Map<Integer, byte[]> basicObjects;
  private final Map<Integer, byte[]> regularObjects;

  public ModbusRequestHandler(ControllerEndpoint endpoint) {
    this(endpoint, null);
  }

  /**
   * @param engineering the controller's engineering access for FC90, or null for a device that
   *     answers FC90 with exception 01 as any device without the vendor function does
   */
  public ModbusRequestHandler(ControllerEndpoint endpoint, @Nullable EngineeringPort engineering) {
    this.endpoint = endpoint;
    this.engineering = engineering;
    DeviceIdentity id = endpoint.identity();
    basicObjects = new LinkedHashMap<>();
    basicObjects.put(0x00, ascii(id.vendor()));
    basicObjects.put(0x01, ascii(id.productCode()));
    basicObjects.put(0x02, ascii(id.revision()));
    // 0x03 VendorUrl is optional and DeviceIdentity has none, so it is left out.
    regularObjects = new LinkedHashMap<>(basicObjects);
    regularObjects.put(0x04, ascii(id.productName()));
    regularObjects.put(0x05, ascii(id.modelName()));
    regularObjects.put(0x06, ascii(endpoint.id()));
  }

  public Reply handle(ModbusRequest request) {
    try {
      return dispatch(request);
    } catch (RuntimeException e) {
      // A bug in a controller must cost one exception response, not the connection thread.
      return new Reply.Failure(
          request.functionCode(),
          ModbusExceptionCode.SERVER_DEVICE_FAILURE,
          "controller failed: " + e);
    }
  }

  private Reply dispatch(ModbusRequest request) {
    if (request instanceof ModbusRequest.ReadBits r) {
      return readBits(r.functionCode(), r.table(), r.address(), r.quantity());
    }
    if (request instanceof ModbusRequest.ReadRegisters r) {
      ReadResult result = endpoint.readWords(r.table(), r.address(), r.quantity());
      return registersResponse(r.functionCode(), result);
    }
    if (request instanceof ModbusRequest.WriteSingleCoil w) {
      return written(w, endpoint.writeCoils(w.address(), new boolean[] {w.value()}));
    }
    if (request instanceof ModbusRequest.WriteSingleRegister w) {
      return written(w, endpoint.writeRegisters(w.address(), new short[] {(short) w.value()}));
    }
    if (request instanceof ModbusRequest.WriteMultipleCoils w) {
      return written(w, endpoint.writeCoils(w.address(), w.values()));
    }
    if (request instanceof ModbusRequest.WriteMultipleRegisters w) {
      return written(w, endpoint.writeRegisters(w.address(), w.values()));
    }
    if (request instanceof ModbusRequest.ReadWriteRegisters rw) {
      return readWrite(rw);
    }
    if (request instanceof ModbusRequest.ReturnQueryData d) {
      return new Reply.Response(d.encode());
    }
    if (request instanceof ModbusRequest.ReportServerId r) {
      return reportServerId(r.functionCode());
    }
    if (request instanceof ModbusRequest.ReadDeviceIdentification r) {
      return readDeviceIdentification(r);
    }
    if (request instanceof ModbusRequest.Engineering e) {
      return engineering(e);
    }
    return new Reply.Failure(
        request.functionCode(), ModbusExceptionCode.ILLEGAL_FUNCTION, "unhandled " + request);
  }

  private Reply readBits(int fc, Table table, int address, int quantity) {
    ReadResult result = endpoint.readBits(table, address, quantity);
    if (result instanceof Rejected rej) {
      return failure(fc, rej);
    }
    if (!(result instanceof ReadResult.Bits bits) || bits.values().length != quantity) {
      return new Reply.Failure(
          fc, ModbusExceptionCode.SERVER_DEVICE_FAILURE, "controller returned " + result);
    }
    byte[] packed = ModbusPdu.packBits(bits.values());
    byte[] pdu = new byte[2 + packed.length];
    pdu[0] = (byte) fc;
    pdu[1] = (byte) packed.length;
    System.arraycopy(packed, 0, pdu, 2, packed.length);
    return new Reply.Response(pdu);
  }

  private static Reply registersResponse(int fc, ReadResult result) {
    if (result instanceof Rejected rej) {
      return failure(fc, rej);
    }
    if (!(result instanceof ReadResult.Words words)) {
      return new Reply.Failure(
          fc, ModbusExceptionCode.SERVER_DEVICE_FAILURE, "controller returned " + result);
    }
    byte[] data = ModbusPdu.words(words.values());
    byte[] pdu = new byte[2 + data.length];
    pdu[0] = (byte) fc;
    pdu[1] = (byte) data.length;
    System.arraycopy(data, 0, pdu, 2, data.length);
    return new Reply.Response(pdu);
  }

  private static Reply written(ModbusRequest request, WriteResult result) {
    if (result instanceof Rejected rej) {
      return failure(request.functionCode(), rej);
    }
    if (request instanceof ModbusRequest.WriteSingleCoil
        || request instanceof ModbusRequest.WriteSingleRegister) {
      return new Reply.Response(request.encode());
    }
    // FC15 and FC16 answer with the function code, address and quantity: the first 5 bytes.
    return new Reply.Response(Arrays.copyOf(request.encode(), 5));
  }

  private Reply readWrite(ModbusRequest.ReadWriteRegisters rw) {
    int fc = rw.functionCode();
    // Check the read range first so a request whose read half is bad writes nothing.
    ReadResult probe =
        endpoint.readWords(Table.HOLDING_REGISTER, rw.readAddress(), rw.readQuantity());
    if (probe instanceof Rejected rej) {
      return failure(fc, rej);
    }
    WriteResult w = endpoint.writeRegisters(rw.writeAddress(), rw.values());
    if (w instanceof Rejected rej) {
      return failure(fc, rej);
    }
    return registersResponse(
        fc, endpoint.readWords(Table.HOLDING_REGISTER, rw.readAddress(), rw.readQuantity()));
  }

  private Reply reportServerId(int fc) {
    DeviceIdentity id = endpoint.identity();
    byte[] serverId =
        truncate(ascii(id.vendor() + " " + id.productCode() + " " + id.revision()), 250);
    byte[] pdu = new byte[3 + serverId.length];
    pdu[0] = (byte) fc;
    pdu[1] = (byte) (serverId.length + 1);
    System.arraycopy(serverId, 0, pdu, 2, serverId.length);
    pdu[pdu.length - 1] = (byte) 0xFF; // run indicator: ON
    return new Reply.Response(pdu);
  }

  private Reply readDeviceIdentification(ModbusRequest.ReadDeviceIdentification r) {
    int fc = r.functionCode();
    List<Map.Entry<Integer, byte[]>> selected = new ArrayList<>();
    if (r.readCode() == 4) {
      byte[] value = regularObjects.get(r.objectId());
      if (value == null) {
        return new Reply.Failure(
            fc,
            ModbusExceptionCode.ILLEGAL_DATA_ADDRESS,
            String.format("device identification object 0x%02X is not available", r.objectId()));
      }
      selected.add(Map.entry(r.objectId(), value));
    } else {
      Map<Integer, byte[]> category = r.readCode() == 1 ? basicObjects : regularObjects;
      // The specification restarts a stream at object 0 when the requested id is unknown.
      int start = category.containsKey(r.objectId()) ? r.objectId() : 0;
      for (Map.Entry<Integer, byte[]> e : category.entrySet()) {
        if (e.getKey() >= start) {
          selected.add(e);
        }
      }
    }
    ByteArrayOutputStream objects = new ByteArrayOutputStream();
    int count = 0;
    int nextObject = 0;
    for (Map.Entry<Integer, byte[]> e : selected) {
      if (objects.size() + 2 + e.getValue().length > MAX_DEVICE_ID_OBJECTS_BYTES) {
        nextObject = e.getKey();
        break;
      }
      objects.write(e.getKey());
      objects.write(e.getValue().length);
      objects.writeBytes(e.getValue());
      count++;
    }
    ByteArrayOutputStream pdu = new ByteArrayOutputStream();
    pdu.write(fc);
    pdu.write(ModbusRequest.MEI_READ_DEVICE_IDENTIFICATION);
    pdu.write(r.readCode());
    pdu.write(CONFORMITY_LEVEL);
    pdu.write(nextObject != 0 ? 0xFF : 0x00);
    pdu.write(nextObject);
    pdu.write(count);
    pdu.writeBytes(objects.toByteArray());
    return new Reply.Response(pdu.toByteArray());
  }

  private Reply engineering(ModbusRequest.Engineering e) {
    int fc = EngineeringProtocol.FUNCTION_CODE;
    EngineeringPort port = engineering;
    if (port == null) {
      return new Reply.Failure(
          fc, ModbusExceptionCode.ILLEGAL_FUNCTION, endpoint.id() + " has no engineering access");
    }
    ByteBuffer in = ByteBuffer.wrap(e.data());
    int sub = e.subFunction();
    switch (sub) {
      case EngineeringProtocol.INFO:
        {
          EngineeringPort.Info info = port.info();
          return engineeringResponse(
              sub,
              ByteBuffer.allocate(11)
                  .put((byte) info.mode().code())
                  .put((byte) (info.downloadOpen() ? 1 : 0))
                  .put((byte) Math.min(255, info.blocks()))
                  .putShort((short) info.programBytes())
                  .putInt((int) info.programCrc())
                  .putShort((short) Math.min(0xFFFF, info.downloads())));
        }
      case EngineeringProtocol.SET_MODE:
        return engineeringResult(
            sub,
            port.setMode(PlcMode.fromCode(in.get() & 0xFF)),
            m -> ByteBuffer.allocate(1).put((byte) m.code()));
      case EngineeringProtocol.UPLOAD:
        {
          int offset = in.getShort() & 0xFFFF;
          int max = in.get() & 0xFF;
          return engineeringResult(
              sub,
              port.upload(),
              text -> {
                if (offset > text.length) {
                  return null;
                }
                int n = Math.min(max, text.length - offset);
                return ByteBuffer.allocate(5 + n)
                    .putShort((short) offset)
                    .putShort((short) text.length)
                    .put((byte) n)
                    .put(text, offset, n);
              },
              "upload offset " + offset + " is past the end of the program");
        }
      case EngineeringProtocol.DOWNLOAD_BEGIN:
        {
          int total = in.getShort() & 0xFFFF;
          long crc = in.getInt() & 0xFFFFFFFFL;
          return engineeringResult(
              sub,
              port.beginDownload(total, crc),
              t -> ByteBuffer.allocate(6).putShort((short) total).putInt((int) crc));
        }
      case EngineeringProtocol.DOWNLOAD_SEGMENT:
        {
          int offset = in.getShort() & 0xFFFF;
          byte[] data = new byte[in.get() & 0xFF];
          in.get(data);
          return engineeringResult(
              sub,
              port.downloadSegment(offset, data),
              received -> ByteBuffer.allocate(2).putShort((short) (int) received));
        }
      case EngineeringProtocol.DOWNLOAD_COMMIT:
        return engineeringResult(
            sub,
            port.commitDownload(),
            info ->
                ByteBuffer.allocate(7)
                    .put((byte) Math.min(255, info.blocks()))
                    .putShort((short) info.programBytes())
                    .putInt((int) info.programCrc()));
      default:
        return new Reply.Failure(
            fc, ModbusExceptionCode.ILLEGAL_FUNCTION, "FC90 sub-function " + sub);
    }
  }

  /** Encodes a successful result's data; null means the request's data was out of range (03). */
  private interface DataEncoder<T> {
    @Nullable ByteBuffer encode(T value);
  }

  private static <T> Reply engineeringResult(
      int sub, EngineeringPort.Result<T> result, DataEncoder<T> encoder) {
    return engineeringResult(sub, result, encoder, "invalid FC90 request");
  }

  private static <T> Reply engineeringResult(
      int sub, EngineeringPort.Result<T> result, DataEncoder<T> encoder, String whenNull) {
    int fc = EngineeringProtocol.FUNCTION_CODE;
    if (result instanceof EngineeringPort.Result.Refused<T> refused) {
      ModbusExceptionCode code =
          refused.reason() == EngineeringPort.Reason.INVALID
              ? ModbusExceptionCode.ILLEGAL_DATA_VALUE
              : ModbusExceptionCode.SERVER_DEVICE_FAILURE;
      return new Reply.Failure(fc, code, refused.detail());
    }
    ByteBuffer data = encoder.encode(((EngineeringPort.Result.Ok<T>) result).value());
    if (data == null) {
      return new Reply.Failure(fc, ModbusExceptionCode.ILLEGAL_DATA_VALUE, whenNull);
    }
    return engineeringResponse(sub, data);
  }

  private static Reply engineeringResponse(int sub, ByteBuffer data) {
    byte[] body = data.array();
    byte[] pdu = new byte[2 + body.length];
    pdu[0] = (byte) EngineeringProtocol.FUNCTION_CODE;
    pdu[1] = (byte) sub;
    System.arraycopy(body, 0, pdu, 2, body.length);
    return new Reply.Response(pdu);
  }

  private static Reply.Failure failure(int fc, Rejected rej) {
    return new Reply.Failure(fc, ModbusExceptionCode.of(rej.reason()), rej.detail());
  }

  private static byte[] ascii(String s) {
    // Non-ASCII would make the byte length differ from what the spec's "ASCII string" implies.
    return truncate(
        s.replaceAll("[^\\x20-\\x7E]", "?").getBytes(StandardCharsets.US_ASCII), MAX_OBJECT_VALUE);
  }

  private static byte[] truncate(byte[] b, int max) {
    return b.length <= max ? b : Arrays.copyOf(b, max);
  }
}
