package dev.otlab.simulator.modbus;

import dev.otlab.simulator.plc.Table;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A decoded, well-formed Modbus request PDU. Every record can encode itself back to PDU bytes, so
 * tests and raw-socket attack steps build frames with the same code the server decodes them with.
 *
 * <p>Records with array components compare arrays by identity; compare {@link #encode()} output
 * when you need value equality.
 */
public sealed interface ModbusRequest {

  int FC_READ_COILS = 0x01;
  int FC_READ_DISCRETE_INPUTS = 0x02;
  int FC_READ_HOLDING_REGISTERS = 0x03;
  int FC_READ_INPUT_REGISTERS = 0x04;
  int FC_WRITE_SINGLE_COIL = 0x05;
  int FC_WRITE_SINGLE_REGISTER = 0x06;
  int FC_DIAGNOSTICS = 0x08;
  int FC_WRITE_MULTIPLE_COILS = 0x0F;
  int FC_WRITE_MULTIPLE_REGISTERS = 0x10;
  int FC_REPORT_SERVER_ID = 0x11;
  int FC_READ_WRITE_MULTIPLE_REGISTERS = 0x17;
  int FC_ENCAPSULATED_INTERFACE = 0x2B;
  int MEI_READ_DEVICE_IDENTIFICATION = 0x0E;

  int MAX_READ_BITS = 2000;
  int MAX_READ_REGISTERS = 125;
  int MAX_WRITE_COILS = 1968;
  int MAX_WRITE_REGISTERS = 123;
  int MAX_RW_WRITE_REGISTERS = 121;

  int functionCode();

  /** First address the request touches (read address for FC23), or 0 when it has none. */
  int address();

  /** Points the request touches (read quantity for FC23), or 0 when it has none. */
  int quantity();

  /** PDU bytes, function code first. */
  byte[] encode();

  /** FC01 or FC02. */
  record ReadBits(Table table, int address, int quantity) implements ModbusRequest {
    public ReadBits {
      if (!table.isBit()) {
        throw new IllegalArgumentException(table + " is not a bit table");
      }
    }

    @Override
    public int functionCode() {
      return table == Table.COIL ? FC_READ_COILS : FC_READ_DISCRETE_INPUTS;
    }

    @Override
    public byte[] encode() {
      return pdu(functionCode(), address, quantity);
    }
  }

  /** FC03 or FC04. */
  record ReadRegisters(Table table, int address, int quantity) implements ModbusRequest {
    public ReadRegisters {
      if (table.isBit()) {
        throw new IllegalArgumentException(table + " is not a register table");
      }
    }

    @Override
    public int functionCode() {
      return table == Table.HOLDING_REGISTER ? FC_READ_HOLDING_REGISTERS : FC_READ_INPUT_REGISTERS;
    }

    @Override
    public byte[] encode() {
      return pdu(functionCode(), address, quantity);
    }
  }

  /** FC05. */
  record WriteSingleCoil(int address, boolean value) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_WRITE_SINGLE_COIL;
    }

    @Override
    public int quantity() {
      return 1;
    }

    @Override
    public byte[] encode() {
      return pdu(FC_WRITE_SINGLE_COIL, address, value ? 0xFF00 : 0x0000);
    }
  }

  /** FC06. */
  record WriteSingleRegister(int address, int value) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_WRITE_SINGLE_REGISTER;
    }

    @Override
    public int quantity() {
      return 1;
    }

    @Override
    public byte[] encode() {
      return pdu(FC_WRITE_SINGLE_REGISTER, address, value);
    }
  }

  /** FC15. */
  record WriteMultipleCoils(int address, boolean[] values) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_WRITE_MULTIPLE_COILS;
    }

    @Override
    public int quantity() {
      return values.length;
    }

    @Override
    public byte[] encode() {
      byte[] bits = ModbusPdu.packBits(values);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(pdu(FC_WRITE_MULTIPLE_COILS, address, values.length));
      out.write(bits.length);
      out.writeBytes(bits);
      return out.toByteArray();
    }

    @Override
    public String toString() {
      return "WriteMultipleCoils[address=" + address + ", values=" + Arrays.toString(values) + "]";
    }
  }

  /** FC16. */
  record WriteMultipleRegisters(int address, short[] values) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_WRITE_MULTIPLE_REGISTERS;
    }

    @Override
    public int quantity() {
      return values.length;
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(pdu(FC_WRITE_MULTIPLE_REGISTERS, address, values.length));
      out.write(values.length * 2);
      out.writeBytes(ModbusPdu.words(values));
      return out.toByteArray();
    }

    @Override
    public String toString() {
      return "WriteMultipleRegisters[address="
          + address
          + ", values="
          + Arrays.toString(values)
          + "]";
    }
  }

  /** FC23: the write is applied before the read, as the specification requires. */
  record ReadWriteRegisters(int readAddress, int readQuantity, int writeAddress, short[] values)
      implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_READ_WRITE_MULTIPLE_REGISTERS;
    }

    @Override
    public int address() {
      return readAddress;
    }

    @Override
    public int quantity() {
      return readQuantity;
    }

    @Override
    public byte[] encode() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(pdu(FC_READ_WRITE_MULTIPLE_REGISTERS, readAddress, readQuantity));
      out.writeBytes(new byte[] {hi(writeAddress), lo(writeAddress)});
      out.writeBytes(new byte[] {hi(values.length), lo(values.length), (byte) (values.length * 2)});
      out.writeBytes(ModbusPdu.words(values));
      return out.toByteArray();
    }

    @Override
    public String toString() {
      return "ReadWriteRegisters[read="
          + readAddress
          + "+"
          + readQuantity
          + ", writeAddress="
          + writeAddress
          + ", values="
          + Arrays.toString(values)
          + "]";
    }
  }

  /** FC08 sub-function 0x0000, return query data: the only diagnostic a TCP server offers. */
  record ReturnQueryData(byte[] data) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_DIAGNOSTICS;
    }

    @Override
    public int address() {
      return 0;
    }

    @Override
    public int quantity() {
      return 0;
    }

    @Override
    public byte[] encode() {
      byte[] out = new byte[3 + data.length];
      out[0] = (byte) FC_DIAGNOSTICS;
      System.arraycopy(data, 0, out, 3, data.length);
      return out;
    }

    @Override
    public String toString() {
      return "ReturnQueryData[" + ModbusPdu.hex(data) + "]";
    }
  }

  /** FC17. */
  record ReportServerId() implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_REPORT_SERVER_ID;
    }

    @Override
    public int address() {
      return 0;
    }

    @Override
    public int quantity() {
      return 0;
    }

    @Override
    public byte[] encode() {
      return new byte[] {(byte) FC_REPORT_SERVER_ID};
    }
  }

  /**
   * FC43 / MEI 14.
   *
   * @param readCode 1 basic stream, 2 regular stream, 4 one specific object
   * @param objectId first object (stream) or the object (specific)
   */
  record ReadDeviceIdentification(int readCode, int objectId) implements ModbusRequest {
    @Override
    public int functionCode() {
      return FC_ENCAPSULATED_INTERFACE;
    }

    @Override
    public int address() {
      return objectId;
    }

    @Override
    public int quantity() {
      return 0;
    }

    @Override
    public byte[] encode() {
      return new byte[] {
        (byte) FC_ENCAPSULATED_INTERFACE,
        (byte) MEI_READ_DEVICE_IDENTIFICATION,
        (byte) readCode,
        (byte) objectId
      };
    }
  }

  /**
   * FC90, the engineering function ({@link EngineeringProtocol}): a sub-function and its data,
   * checked for length and field ranges by the decoder.
   *
   * @param subFunction the sub-function
   * @param data the bytes after the sub-function
   */
  record Engineering(int subFunction, byte[] data) implements ModbusRequest {
    @Override
    public int functionCode() {
      return EngineeringProtocol.FUNCTION_CODE;
    }

    @Override
    public int address() {
      return 0;
    }

    @Override
    public int quantity() {
      return 0;
    }

    @Override
    public byte[] encode() {
      byte[] out = new byte[2 + data.length];
      out[0] = (byte) EngineeringProtocol.FUNCTION_CODE;
      out[1] = (byte) subFunction;
      System.arraycopy(data, 0, out, 2, data.length);
      return out;
    }

    @Override
    public String toString() {
      return "Engineering["
          + EngineeringProtocol.operation(subFunction)
          + " sub "
          + subFunction
          + ", "
          + data.length
          + " bytes]";
    }
  }

  private static byte[] pdu(int fc, int first, int second) {
    return new byte[] {(byte) fc, hi(first), lo(first), hi(second), lo(second)};
  }

  private static byte hi(int v) {
    return (byte) (v >>> 8);
  }

  private static byte lo(int v) {
    return (byte) v;
  }
}
