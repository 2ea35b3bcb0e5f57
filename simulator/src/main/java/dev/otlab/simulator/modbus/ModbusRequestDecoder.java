package dev.otlab.simulator.modbus;

import static dev.otlab.simulator.modbus.ModbusExceptionCode.ILLEGAL_DATA_ADDRESS;
import static dev.otlab.simulator.modbus.ModbusExceptionCode.ILLEGAL_DATA_VALUE;
import static dev.otlab.simulator.modbus.ModbusExceptionCode.ILLEGAL_FUNCTION;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_DIAGNOSTICS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_ENCAPSULATED_INTERFACE;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_READ_COILS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_READ_DISCRETE_INPUTS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_READ_HOLDING_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_READ_INPUT_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_READ_WRITE_MULTIPLE_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_REPORT_SERVER_ID;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_WRITE_MULTIPLE_COILS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_WRITE_MULTIPLE_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_WRITE_SINGLE_COIL;
import static dev.otlab.simulator.modbus.ModbusRequest.FC_WRITE_SINGLE_REGISTER;
import static dev.otlab.simulator.modbus.ModbusRequest.MAX_READ_BITS;
import static dev.otlab.simulator.modbus.ModbusRequest.MAX_READ_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.MAX_RW_WRITE_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.MAX_WRITE_COILS;
import static dev.otlab.simulator.modbus.ModbusRequest.MAX_WRITE_REGISTERS;
import static dev.otlab.simulator.modbus.ModbusRequest.MEI_READ_DEVICE_IDENTIFICATION;

import dev.otlab.simulator.plc.Table;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Turns Modbus TCP bytes into a {@link Decoded} outcome without ever throwing: a hostile client
 * controls every byte, so each field is checked before it is used (MBAP length, quantities, byte
 * counts, the PDU length each function implies) in the order the specification's state diagrams
 * give: function code (01), then quantity and length (03), then address range (02).
 *
 * <p>This is the strict mode of the lab's one request codec: the fields come from {@link
 * PduFields#ofRequest}, the layout table the relays read leniently too, and are judged here.
 */
public final class ModbusRequestDecoder {

  private static final int ADDRESS_SPACE = 0x10000;

  private final int unitId;

  /**
   * @param unitId the served device's unit id; 0 and 255 are always accepted too, since TCP clients
   *     commonly use them to mean "the device at this address"
   */
  public ModbusRequestDecoder(int unitId) {
    if (unitId < 0 || unitId > 0xFF) {
      throw new IllegalArgumentException("unit id " + unitId + " is not 0..255");
    }
    this.unitId = unitId;
  }

  public boolean accepts(int unit) {
    return unit == unitId || unit == 0 || unit == 0xFF;
  }

  /** Decodes the first frame in {@code bytes}; trailing bytes are ignored. */
  public Decoded decodeFrame(byte[] bytes) {
    if (bytes.length < MbapHeader.SIZE) {
      return new Decoded.Incomplete(MbapHeader.SIZE - bytes.length);
    }
    MbapHeader header = MbapHeader.read(bytes, 0);
    String violation = header.violation();
    if (violation != null) {
      return new Decoded.Close(violation);
    }
    int total = MbapHeader.SIZE + header.pduLength();
    if (bytes.length < total) {
      return new Decoded.Incomplete(total - bytes.length);
    }
    return decodePdu(header, Arrays.copyOfRange(bytes, MbapHeader.SIZE, total));
  }

  /**
   * Decodes a PDU whose header already passed {@link MbapHeader#violation()}; {@code pdu} holds
   * exactly {@link MbapHeader#pduLength()} bytes.
   */
  public Decoded decodePdu(MbapHeader header, byte[] pdu) {
    if (header.violation() != null || pdu.length != header.pduLength()) {
      return new Decoded.Close("PDU length " + pdu.length + " does not match the MBAP header");
    }
    PduFields f = PduFields.ofRequest(pdu);
    int fc = f.functionCode();
    if (!accepts(header.unitId())) {
      return new Decoded.Reject(
          header,
          fc,
          ModbusExceptionCode.GATEWAY_TARGET_FAILED_TO_RESPOND,
          0,
          0,
          "unit id " + header.unitId() + " is not served here (" + unitId + ", 0 or 255 are)");
    }
    switch (fc) {
      case FC_READ_COILS:
        return readBits(header, pdu, f, Table.COIL);
      case FC_READ_DISCRETE_INPUTS:
        return readBits(header, pdu, f, Table.DISCRETE_INPUT);
      case FC_READ_HOLDING_REGISTERS:
        return readRegisters(header, pdu, f, Table.HOLDING_REGISTER);
      case FC_READ_INPUT_REGISTERS:
        return readRegisters(header, pdu, f, Table.INPUT_REGISTER);
      case FC_WRITE_SINGLE_COIL:
        return writeSingleCoil(header, pdu, f);
      case FC_WRITE_SINGLE_REGISTER:
        return writeSingleRegister(header, pdu, f);
      case FC_WRITE_MULTIPLE_COILS:
        return writeMultipleCoils(header, pdu, f);
      case FC_WRITE_MULTIPLE_REGISTERS:
        return writeMultipleRegisters(header, pdu, f);
      case FC_READ_WRITE_MULTIPLE_REGISTERS:
        return readWriteRegisters(header, pdu, f);
      case FC_DIAGNOSTICS:
        return diagnostics(header, pdu, f);
      case FC_REPORT_SERVER_ID:
        if (pdu.length != 1) {
          return reject(header, fc, ILLEGAL_DATA_VALUE, 0, 0, "FC17 carries no data");
        }
        return new Decoded.Request(header, new ModbusRequest.ReportServerId());
      case FC_ENCAPSULATED_INTERFACE:
        return encapsulated(header, pdu, f);
      case EngineeringProtocol.FUNCTION_CODE:
        return engineering(header, pdu, f);
      default:
        return reject(header, fc, ILLEGAL_FUNCTION, 0, 0, "function code " + fc + " not supported");
    }
  }

  private static Decoded readBits(MbapHeader h, byte[] pdu, PduFields f, Table table) {
    int fc = f.functionCode();
    if (pdu.length != 5) {
      return badLength(h, fc, pdu, 5);
    }
    int address = f.address();
    int qty = f.quantity();
    Decoded bad = checkRange(h, fc, address, qty, MAX_READ_BITS);
    return bad != null
        ? bad
        : new Decoded.Request(h, new ModbusRequest.ReadBits(table, address, qty));
  }

  private static Decoded readRegisters(MbapHeader h, byte[] pdu, PduFields f, Table table) {
    int fc = f.functionCode();
    if (pdu.length != 5) {
      return badLength(h, fc, pdu, 5);
    }
    int address = f.address();
    int qty = f.quantity();
    Decoded bad = checkRange(h, fc, address, qty, MAX_READ_REGISTERS);
    return bad != null
        ? bad
        : new Decoded.Request(h, new ModbusRequest.ReadRegisters(table, address, qty));
  }

  private static Decoded writeSingleCoil(MbapHeader h, byte[] pdu, PduFields f) {
    if (pdu.length != 5) {
      return badLength(h, FC_WRITE_SINGLE_COIL, pdu, 5);
    }
    int address = f.address();
    int value = f.values().get(0);
    if (value != 0x0000 && value != PduFields.COIL_ON) {
      return reject(
          h,
          FC_WRITE_SINGLE_COIL,
          ILLEGAL_DATA_VALUE,
          address,
          1,
          String.format("coil value 0x%04X is neither 0x0000 nor 0xFF00", value));
    }
    return new Decoded.Request(
        h, new ModbusRequest.WriteSingleCoil(address, value == PduFields.COIL_ON));
  }

  private static Decoded writeSingleRegister(MbapHeader h, byte[] pdu, PduFields f) {
    if (pdu.length != 5) {
      return badLength(h, FC_WRITE_SINGLE_REGISTER, pdu, 5);
    }
    return new Decoded.Request(
        h, new ModbusRequest.WriteSingleRegister(f.address(), f.values().get(0)));
  }

  private static Decoded writeMultipleCoils(MbapHeader h, byte[] pdu, PduFields f) {
    int fc = FC_WRITE_MULTIPLE_COILS;
    if (pdu.length < 6) {
      return badLength(h, fc, pdu, 6);
    }
    int address = f.address();
    int qty = f.quantity();
    int byteCount = f.byteCount();
    if (qty < 1 || qty > MAX_WRITE_COILS) {
      return reject(h, fc, ILLEGAL_DATA_VALUE, address, qty, quantityDetail(qty, MAX_WRITE_COILS));
    }
    if (byteCount != (qty + 7) / 8) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          address,
          qty,
          "byte count " + byteCount + " does not match " + qty + " coils");
    }
    if (pdu.length != 6 + byteCount) {
      return badLength(h, fc, pdu, 6 + byteCount);
    }
    if (address + qty > ADDRESS_SPACE) {
      return wraps(h, fc, address, qty);
    }
    return new Decoded.Request(h, new ModbusRequest.WriteMultipleCoils(address, bits(f)));
  }

  private static Decoded writeMultipleRegisters(MbapHeader h, byte[] pdu, PduFields f) {
    int fc = FC_WRITE_MULTIPLE_REGISTERS;
    if (pdu.length < 6) {
      return badLength(h, fc, pdu, 6);
    }
    int address = f.address();
    int qty = f.quantity();
    int byteCount = f.byteCount();
    if (qty < 1 || qty > MAX_WRITE_REGISTERS) {
      return reject(
          h, fc, ILLEGAL_DATA_VALUE, address, qty, quantityDetail(qty, MAX_WRITE_REGISTERS));
    }
    if (byteCount != 2 * qty) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          address,
          qty,
          "byte count " + byteCount + " does not match " + qty + " registers");
    }
    if (pdu.length != 6 + byteCount) {
      return badLength(h, fc, pdu, 6 + byteCount);
    }
    if (address + qty > ADDRESS_SPACE) {
      return wraps(h, fc, address, qty);
    }
    return new Decoded.Request(h, new ModbusRequest.WriteMultipleRegisters(address, words(f)));
  }

  private static Decoded readWriteRegisters(MbapHeader h, byte[] pdu, PduFields f) {
    int fc = FC_READ_WRITE_MULTIPLE_REGISTERS;
    if (pdu.length < 10) {
      return badLength(h, fc, pdu, 10);
    }
    int readAddress = f.address();
    int readQty = f.quantity();
    int writeAddress = f.writeAddress();
    int writeQty = f.writeQuantity();
    int byteCount = f.byteCount();
    if (readQty < 1 || readQty > MAX_READ_REGISTERS) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          readAddress,
          readQty,
          "read " + quantityDetail(readQty, MAX_READ_REGISTERS));
    }
    if (writeQty < 1 || writeQty > MAX_RW_WRITE_REGISTERS) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          readAddress,
          readQty,
          "write " + quantityDetail(writeQty, MAX_RW_WRITE_REGISTERS));
    }
    if (byteCount != 2 * writeQty) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          readAddress,
          readQty,
          "byte count " + byteCount + " does not match " + writeQty + " registers");
    }
    if (pdu.length != 10 + byteCount) {
      return badLength(h, fc, pdu, 10 + byteCount);
    }
    if (readAddress + readQty > ADDRESS_SPACE) {
      return wraps(h, fc, readAddress, readQty);
    }
    if (writeAddress + writeQty > ADDRESS_SPACE) {
      return wraps(h, fc, writeAddress, writeQty);
    }
    return new Decoded.Request(
        h, new ModbusRequest.ReadWriteRegisters(readAddress, readQty, writeAddress, words(f)));
  }

  private static Decoded diagnostics(MbapHeader h, byte[] pdu, PduFields f) {
    if (pdu.length < 3) {
      return badLength(h, FC_DIAGNOSTICS, pdu, 3);
    }
    int sub = f.subFunction();
    if (sub != 0x0000) {
      return reject(
          h,
          FC_DIAGNOSTICS,
          ILLEGAL_FUNCTION,
          0,
          0,
          String.format("diagnostics sub-function 0x%04X not supported", sub));
    }
    return new Decoded.Request(
        h, new ModbusRequest.ReturnQueryData(Arrays.copyOfRange(pdu, 3, pdu.length)));
  }

  private static Decoded encapsulated(MbapHeader h, byte[] pdu, PduFields f) {
    int fc = FC_ENCAPSULATED_INTERFACE;
    if (pdu.length < 2) {
      return badLength(h, fc, pdu, 2);
    }
    int mei = f.subFunction();
    if (mei != MEI_READ_DEVICE_IDENTIFICATION) {
      return reject(h, fc, ILLEGAL_FUNCTION, 0, 0, "MEI type " + mei + " not supported");
    }
    if (pdu.length != 4) {
      return badLength(h, fc, pdu, 4);
    }
    int readCode = f.values().get(0);
    int objectId = f.values().get(1);
    if (readCode != 1 && readCode != 2 && readCode != 4) {
      return reject(
          h,
          fc,
          ILLEGAL_DATA_VALUE,
          objectId,
          0,
          "read device id code " + readCode + " not supported (1, 2 and 4 are)");
    }
    return new Decoded.Request(h, new ModbusRequest.ReadDeviceIdentification(readCode, objectId));
  }

  /** FC90: the layout each sub-function's data must have (see {@link EngineeringProtocol}). */
  private static Decoded engineering(MbapHeader h, byte[] pdu, PduFields f) {
    int fc = EngineeringProtocol.FUNCTION_CODE;
    if (pdu.length < 2) {
      return badLength(h, fc, pdu, 2);
    }
    int sub = f.subFunction();
    int expected;
    switch (sub) {
      case EngineeringProtocol.INFO:
      case EngineeringProtocol.DOWNLOAD_COMMIT:
        expected = 2;
        break;
      case EngineeringProtocol.SET_MODE:
        expected = 3;
        break;
      case EngineeringProtocol.UPLOAD:
        expected = 5;
        break;
      case EngineeringProtocol.DOWNLOAD_BEGIN:
        expected = 8;
        break;
      case EngineeringProtocol.DOWNLOAD_SEGMENT:
        expected = f.values().size() == 2 ? 5 + f.values().get(1) : 5;
        break;
      default:
        return reject(h, fc, ILLEGAL_FUNCTION, 0, 0, "FC90 sub-function " + sub + " not supported");
    }
    if (pdu.length != expected) {
      return badLength(h, fc, pdu, expected);
    }
    if (sub == EngineeringProtocol.SET_MODE && (f.values().get(0) < 1 || f.values().get(0) > 3)) {
      return reject(
          h, fc, ILLEGAL_DATA_VALUE, 0, 0, "FC90 mode " + f.values().get(0) + " is not 1, 2 or 3");
    }
    if (sub == EngineeringProtocol.UPLOAD) {
      int max = f.values().get(1);
      if (max < 1 || max > EngineeringProtocol.MAX_SEGMENT) {
        return reject(
            h,
            fc,
            ILLEGAL_DATA_VALUE,
            0,
            0,
            "FC90 upload size " + max + " is outside 1.." + EngineeringProtocol.MAX_SEGMENT);
      }
    }
    if (sub == EngineeringProtocol.DOWNLOAD_SEGMENT) {
      int n = f.values().get(1);
      if (n < 1 || n > EngineeringProtocol.MAX_SEGMENT) {
        return reject(
            h,
            fc,
            ILLEGAL_DATA_VALUE,
            0,
            0,
            "FC90 segment of " + n + " bytes is outside 1.." + EngineeringProtocol.MAX_SEGMENT);
      }
    }
    return new Decoded.Request(
        h, new ModbusRequest.Engineering(sub, Arrays.copyOfRange(pdu, 2, pdu.length)));
  }

  /** The written bits of a request whose PDU length was checked, so all of them are present. */
  private static boolean[] bits(PduFields f) {
    boolean[] out = new boolean[f.values().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.values().get(i) != 0;
    }
    return out;
  }

  private static short[] words(PduFields f) {
    short[] out = new short[f.values().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (int) f.values().get(i);
    }
    return out;
  }

  private static Decoded.@Nullable Reject checkRange(
      MbapHeader h, int fc, int address, int qty, int maxQty) {
    if (qty < 1 || qty > maxQty) {
      return reject(h, fc, ILLEGAL_DATA_VALUE, address, qty, quantityDetail(qty, maxQty));
    }
    if (address + qty > ADDRESS_SPACE) {
      return wraps(h, fc, address, qty);
    }
    return null;
  }

  private static String quantityDetail(int qty, int max) {
    return "quantity " + qty + " is outside 1.." + max;
  }

  private static Decoded.Reject wraps(MbapHeader h, int fc, int address, int qty) {
    return reject(
        h,
        fc,
        ILLEGAL_DATA_ADDRESS,
        address,
        qty,
        "range " + address + "+" + qty + " runs past address 65535");
  }

  private static Decoded.Reject badLength(MbapHeader h, int fc, byte[] pdu, int expected) {
    return reject(
        h,
        fc,
        ILLEGAL_DATA_VALUE,
        pdu.length >= 3 ? u16(pdu, 1) : 0,
        0,
        "PDU of function " + fc + " is " + pdu.length + " bytes; expected " + expected);
  }

  private static Decoded.Reject reject(
      MbapHeader h, int fc, ModbusExceptionCode code, int address, int qty, String detail) {
    return new Decoded.Reject(h, fc, code, address, qty, detail);
  }

  private static int u16(byte[] b, int i) {
    return MbapHeader.u16(b, i);
  }
}
