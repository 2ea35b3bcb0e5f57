package dev.otlab.network.aitm;

import dev.otlab.simulator.plc.Table;

/**
 * One Modbus bit or register word: the unit the rewriter works in. Multi-word points (float32) are
 * their consecutive cells.
 */
public record Cell(Table table, int address) {

  public Cell {
    if (address < 0 || address > 0xFFFF) {
      throw new IllegalArgumentException("Modbus address " + address + " is outside 0..65535");
    }
  }

  /** The table a read function code reads, or null for other function codes. */
  static @org.jspecify.annotations.Nullable Table readTable(int functionCode) {
    switch (functionCode) {
      case 1:
        return Table.COIL;
      case 2:
        return Table.DISCRETE_INPUT;
      case 3:
        return Table.HOLDING_REGISTER;
      case 4:
        return Table.INPUT_REGISTER;
      default:
        return null;
    }
  }
}
