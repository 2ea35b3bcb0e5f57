package dev.otlab.simulator.plc;

/**
 * How an engineering value is encoded in the Modbus tables. Integer types carry {@code round(value
 * * scale)}; FLOAT32 is an IEEE 754 float in two registers, high word first (the "ABCD" order most
 * PLCs and mbpoll's {@code -t 4:float -B} default to).
 */
public enum DataType {
  BOOL(1),
  INT16(1),
  UINT16(1),
  FLOAT32(2);

  private final int words;

  DataType(int words) {
    this.words = words;
  }

  /** Registers (or bits, for BOOL) the value occupies. */
  public int words() {
    return words;
  }

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
