package dev.otlab.simulator.plc;

/** The four Modbus data tables; OPC UA exposes the same points by tag name. */
public enum Table {
  COIL(true, true),
  DISCRETE_INPUT(true, false),
  INPUT_REGISTER(false, false),
  HOLDING_REGISTER(false, true);

  private final boolean bit;
  private final boolean writableTable;

  Table(boolean bit, boolean writableTable) {
    this.bit = bit;
    this.writableTable = writableTable;
  }

  /** True for coils and discrete inputs (one bit per address). */
  public boolean isBit() {
    return bit;
  }

  /** True for coils and holding registers, the tables Modbus can write at all. */
  public boolean isWritableTable() {
    return writableTable;
  }

  /** The spelling used in plant files: {@code coil}, {@code discrete-input}, ... */
  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
