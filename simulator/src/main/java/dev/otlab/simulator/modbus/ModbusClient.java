package dev.otlab.simulator.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.time.Duration;

/**
 * A Modbus TCP client for HMI, historian and attack code, on j2mod's master. Addresses are
 * zero-based PDU addresses (what the server's register map uses), registers are unsigned 16-bit
 * values as ints. Every failure is a {@link ModbusClientException}: callers can tell a device's
 * exception response (with its code) from a network failure without knowing j2mod.
 *
 * <p>j2mod retries failed transactions five times with back-off by default; this client tries once,
 * because an attack step or a poll must report what happened, not hide it.
 */
public final class ModbusClient implements AutoCloseable {

  private final ModbusTCPMaster master;
  private final String host;
  private final int port;
  private final int unitId;

  private ModbusClient(ModbusTCPMaster master, String host, int port, int unitId) {
    this.master = master;
    this.host = host;
    this.port = port;
    this.unitId = unitId;
  }

  /** Connects now; throws {@link ModbusClientException} (MODBUS_IO) when it cannot. */
  public static ModbusClient connect(String host, int port, int unitId, Duration timeout) {
    if (unitId < 0 || unitId > 255) {
      throw new IllegalArgumentException("unit id " + unitId + " is not 0..255");
    }
    if (port < 1 || port > 0xFFFF) {
      throw new IllegalArgumentException("port " + port + " is not 1..65535");
    }
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    ModbusTCPMaster master = new ModbusTCPMaster(host, port, timeoutMillis, false, false);
    master.setRetries(1);
    try {
      master.connect();
    } catch (Exception e) {
      master.disconnect();
      throw new ModbusClientException(
          "Cannot connect to Modbus server " + host + ":" + port + " (" + e.getMessage() + ").",
          "Check that the server runs and that a conduit allows this connection.",
          e);
    }
    return new ModbusClient(master, host, port, unitId);
  }

  public int unitId() {
    return unitId;
  }

  public boolean isConnected() {
    return master.isConnected();
  }

  /** FC01. */
  public boolean[] readCoils(int address, int count) {
    return bits(
        call("read coils", address, count, () -> master.readCoils(unitId, address, count)), count);
  }

  /** FC02. */
  public boolean[] readDiscreteInputs(int address, int count) {
    return bits(
        call(
            "read discrete inputs",
            address,
            count,
            () -> master.readInputDiscretes(unitId, address, count)),
        count);
  }

  /** FC03: unsigned 16-bit values. */
  public int[] readHoldingRegisters(int address, int count) {
    return words(
        call(
            "read holding registers",
            address,
            count,
            () -> master.readMultipleRegisters(unitId, address, count)));
  }

  /** FC04: unsigned 16-bit values. */
  public int[] readInputRegisters(int address, int count) {
    return words(
        call(
            "read input registers",
            address,
            count,
            () -> master.readInputRegisters(unitId, address, count)));
  }

  /** FC05. */
  public void writeCoil(int address, boolean value) {
    call("write coil", address, 1, () -> master.writeCoil(unitId, address, value));
  }

  /** FC15. */
  public void writeCoils(int address, boolean... values) {
    BitVector v = new BitVector(values.length);
    for (int i = 0; i < values.length; i++) {
      v.setBit(i, values[i]);
    }
    call(
        "write coils",
        address,
        values.length,
        () -> {
          master.writeMultipleCoils(unitId, address, v);
          return null;
        });
  }

  /** FC06; {@code value} is taken modulo 2^16, so -1 and 65535 both send 0xFFFF. */
  public void writeRegister(int address, int value) {
    call(
        "write register",
        address,
        1,
        () -> master.writeSingleRegister(unitId, address, new SimpleRegister(value & 0xFFFF)));
  }

  /** FC16; values are taken modulo 2^16. */
  public void writeRegisters(int address, int... values) {
    Register[] regs = new Register[values.length];
    for (int i = 0; i < values.length; i++) {
      regs[i] = new SimpleRegister(values[i] & 0xFFFF);
    }
    call(
        "write registers",
        address,
        values.length,
        () -> master.writeMultipleRegisters(unitId, address, regs));
  }

  /** Reads a float32 held high word first in two holding registers. */
  public float readHoldingFloat(int address) {
    int[] w = readHoldingRegisters(address, 2);
    return Float.intBitsToFloat((w[0] << 16) | w[1]);
  }

  /** Writes a float32 high word first into two holding registers with one FC16. */
  public void writeHoldingFloat(int address, float value) {
    int bits = Float.floatToRawIntBits(value);
    writeRegisters(address, bits >>> 16, bits & 0xFFFF);
  }

  @Override
  public void close() {
    master.disconnect();
  }

  private interface Call<T> {
    T run() throws ModbusException;
  }

  private <T> T call(String what, int address, int count, Call<T> call) {
    try {
      return call.run();
    } catch (ModbusSlaveException e) {
      int code = e.getType();
      String name =
          ModbusExceptionCode.of(code).map(Enum::name).orElse(String.format("0x%02X", code));
      throw new ModbusClientException(
          code,
          "Modbus server "
              + host
              + ":"
              + port
              + " unit "
              + unitId
              + " refused "
              + what
              + " at "
              + address
              + " (count "
              + count
              + ") with exception "
              + code
              + " "
              + name
              + ".",
          e);
    } catch (ModbusException e) {
      throw new ModbusClientException(
          "Modbus "
              + what
              + " at "
              + address
              + " on "
              + host
              + ":"
              + port
              + " failed: "
              + e.getMessage()
              + ".",
          "Check the connection; the server may have closed it (idle timeout, connection cap) or"
              + " a conduit may block it.",
          e);
    }
  }

  private static boolean[] bits(BitVector v, int count) {
    boolean[] out = new boolean[count];
    for (int i = 0; i < count; i++) {
      out[i] = v.getBit(i);
    }
    return out;
  }

  private static int[] words(InputRegister[] regs) {
    int[] out = new int[regs.length];
    for (int i = 0; i < regs.length; i++) {
      out[i] = regs[i].toUnsignedShort();
    }
    return out;
  }
}
