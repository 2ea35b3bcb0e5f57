package dev.otlab.network.relay;

import dev.otlab.simulator.modbus.EngineeringProtocol;
import dev.otlab.simulator.modbus.MbapHeader;
import dev.otlab.simulator.modbus.PduFields;
import dev.otlab.simulator.plc.PlcMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One Modbus TCP frame as the relay reads it, through the lenient mode of the lab's one PDU codec
 * ({@link PduFields}). Lenient where the server is strict: the relay only needs what a filter
 * judges (function code, the address ranges touched) and what a tap reports (values, exception
 * codes); quantities or byte counts the server would refuse with exception 03 are still forwarded
 * so the server gives the client its proper answer.
 *
 * @param transactionId MBAP transaction id (pairs a response with its request)
 * @param unitId MBAP unit id
 * @param functionCode the function code (of a response: without the exception bit)
 * @param exceptionCode for an exception response the code it carries, else 0
 * @param address first address read or written (the read range for FC23), -1 when the function has
 *     none or the PDU is too short to say
 * @param quantity points from {@code address} (at least 1 when {@code address} is known)
 * @param writeAddress for FC23 the first written register, else -1
 * @param writeQuantity for FC23 registers written, else 0
 * @param values register or coil values carried: written values of a write request, read values of
 *     a read response (FC23: written values in the request, read values in the response); for FC90
 *     CHANGE_MODE the mode code, for a download segment its offset and length
 * @param subFunction for FC90 (engineering: mode and program) the sub-function, else -1
 */
public record ModbusMessage(
    int transactionId,
    int unitId,
    int functionCode,
    int exceptionCode,
    int address,
    int quantity,
    int writeAddress,
    int writeQuantity,
    List<Integer> values,
    int subFunction) {

  /** Functions whose PDU holds no data address, so address ranges do not constrain them. */
  public static final Set<Integer> NO_ADDRESS = Set.of(7, 8, 11, 12, 17, 43);

  /** Largest Modbus TCP frame: the 7-byte header plus a 253-byte PDU. */
  public static final int MAX_FRAME = MbapHeader.SIZE + MbapHeader.MAX_LENGTH - 1;

  private static final Set<Integer> WRITE_FUNCTIONS = Set.of(5, 6, 15, 16, 22, 23);

  public ModbusMessage {
    values = List.copyOf(values);
  }

  /** MBAP framing: protocol id 0 and a length of 2..254, as {@link MbapHeader} defines them. */
  public static final StreamFramer.Boundary BOUNDARY =
      (buf, available) -> {
        if (available < MbapHeader.SIZE) {
          return StreamFramer.Boundary.NEED_MORE;
        }
        MbapHeader header = MbapHeader.read(buf, 0);
        String violation = header.violation();
        if (violation != null) {
          throw new IllegalArgumentException(violation);
        }
        return MbapHeader.SIZE + header.pduLength();
      };

  public static StreamFramer framer() {
    return new StreamFramer(BOUNDARY, MAX_FRAME);
  }

  public boolean isException() {
    return exceptionCode != 0;
  }

  /** Whether the request changes the device: a data write, or an FC90 mode change or download. */
  public boolean isWrite() {
    return WRITE_FUNCTIONS.contains(functionCode)
        || (functionCode == EngineeringProtocol.FUNCTION_CODE
            && EngineeringProtocol.changesDevice(subFunction));
  }

  /** Whether the address of an addressed function could be read from the PDU. */
  public boolean addressKnown() {
    return address >= 0;
  }

  /**
   * A short name such as {@code READ_HOLDING_REGISTERS} for taps and traces; FC90 is named by its
   * sub-function ({@code CHANGE_MODE}, {@code PROGRAM_DOWNLOAD}, ...).
   */
  public String functionName() {
    if (functionCode == EngineeringProtocol.FUNCTION_CODE && subFunction >= 0) {
      return EngineeringProtocol.operation(subFunction);
    }
    return functionName(functionCode);
  }

  public static String functionName(int fc) {
    switch (fc) {
      case 1:
        return "READ_COILS";
      case 2:
        return "READ_DISCRETE_INPUTS";
      case 3:
        return "READ_HOLDING_REGISTERS";
      case 4:
        return "READ_INPUT_REGISTERS";
      case 5:
        return "WRITE_SINGLE_COIL";
      case 6:
        return "WRITE_SINGLE_REGISTER";
      case 7:
        return "READ_EXCEPTION_STATUS";
      case 8:
        return "DIAGNOSTICS";
      case 11:
        return "GET_COMM_EVENT_COUNTER";
      case 12:
        return "GET_COMM_EVENT_LOG";
      case 15:
        return "WRITE_MULTIPLE_COILS";
      case 16:
        return "WRITE_MULTIPLE_REGISTERS";
      case 17:
        return "REPORT_SERVER_ID";
      case 20:
        return "READ_FILE_RECORD";
      case 21:
        return "WRITE_FILE_RECORD";
      case 22:
        return "MASK_WRITE_REGISTER";
      case 23:
        return "READ_WRITE_MULTIPLE_REGISTERS";
      case 24:
        return "READ_FIFO_QUEUE";
      case 43:
        return "ENCAPSULATED_INTERFACE";
      case EngineeringProtocol.FUNCTION_CODE:
        return "ENGINEERING";
      default:
        return String.format(Locale.ROOT, "FC%d", fc);
    }
  }

  /** A short description for decision records, e.g. {@code FC06 WRITE_SINGLE_REGISTER 1+1}. */
  public String describe() {
    StringBuilder sb =
        new StringBuilder(String.format(Locale.ROOT, "FC%02d %s", functionCode, functionName()));
    if (addressKnown()) {
      sb.append(' ').append(address).append('+').append(quantity);
    }
    if (writeAddress >= 0) {
      sb.append(" write ").append(writeAddress).append('+').append(writeQuantity);
    }
    if (functionCode == EngineeringProtocol.FUNCTION_CODE && subFunction >= 0) {
      String phase = EngineeringProtocol.phase(subFunction);
      if (!phase.isEmpty()) {
        sb.append(' ').append(phase);
      }
      if (subFunction == EngineeringProtocol.SET_MODE && !values.isEmpty()) {
        int code = values.get(0);
        sb.append(' ').append(code >= 1 && code <= 3 ? PlcMode.fromCode(code) : "mode " + code);
      }
    }
    return sb.toString();
  }

  /**
   * Decodes a request frame (as {@link #BOUNDARY} cut it) with the lenient mode of the lab's
   * request codec ({@link PduFields#ofRequest}), whose strict mode is the server's decoder.
   */
  public static ModbusMessage request(byte[] frame) {
    return of(MbapHeader.read(frame, 0), PduFields.ofRequest(pdu(frame)));
  }

  /**
   * Decodes a response frame; {@code request} (the request with the same transaction id, if the
   * relay saw one) supplies the addresses the response does not repeat.
   */
  public static ModbusMessage response(byte[] frame, @Nullable ModbusMessage request) {
    return of(
        MbapHeader.read(frame, 0),
        PduFields.ofResponse(pdu(frame), request == null ? null : request.fields()));
  }

  /** The fields as the codec read them, for pairing a response with this request. */
  private PduFields fields() {
    return new PduFields(
        functionCode,
        exceptionCode,
        address,
        quantity,
        writeAddress,
        writeQuantity,
        -1,
        values,
        subFunction);
  }

  /**
   * What a filter and a tap see of the codec's fields: a quantity of 0 still touches its start
   * address as far as a range check is concerned, and a coil written on reads as 1.
   */
  private static ModbusMessage of(MbapHeader h, PduFields f) {
    List<Integer> values = f.values();
    if (f.functionCode() == 5 && values.size() == 1 && values.get(0) == PduFields.COIL_ON) {
      values = List.of(1);
    }
    boolean addressed = f.address() >= 0;
    return new ModbusMessage(
        h.transactionId(),
        h.unitId(),
        f.functionCode(),
        f.exceptionCode(),
        f.address(),
        addressed ? Math.max(1, f.quantity()) : f.quantity(),
        f.writeAddress(),
        f.writeAddress() >= 0 ? Math.max(1, f.writeQuantity()) : f.writeQuantity(),
        values,
        f.functionCode() == EngineeringProtocol.FUNCTION_CODE ? f.subFunction() : -1);
  }

  private static byte[] pdu(byte[] frame) {
    return Arrays.copyOfRange(frame, MbapHeader.SIZE, frame.length);
  }

  /** The exception response a relay sends in the server's place. */
  public static byte[] exceptionFrame(ModbusMessage request, int exceptionCode) {
    byte[] out = new byte[MbapHeader.SIZE + 2];
    new MbapHeader(request.transactionId(), 0, 3, request.unitId()).write(out, 0);
    out[MbapHeader.SIZE] = (byte) (request.functionCode() | 0x80);
    out[MbapHeader.SIZE + 1] = (byte) exceptionCode;
    return out;
  }
}
