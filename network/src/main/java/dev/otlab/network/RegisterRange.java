package dev.otlab.network;

import dev.otlab.simulator.plc.Table;
import org.jspecify.annotations.Nullable;

/**
 * An inclusive range of zero-based Modbus addresses, in one table or in all four. A range without a
 * table is the common firewall idiom (addresses only), and lets a read range for input registers
 * also cover the holding registers at the same addresses; naming the table closes that gap.
 *
 * @param first first address
 * @param last last address
 * @param table the table the range applies to, or null for every table
 */
public record RegisterRange(int first, int last, @Nullable Table table) {

  public RegisterRange {
    if (first < 0 || last > 0xFFFF || first > last) {
      throw new IllegalArgumentException(
          "range " + first + ".." + last + " is not within 0..65535");
    }
  }

  /** A range over every table. */
  public RegisterRange(int first, int last) {
    this(first, last, null);
  }

  /** Whether every address in {@code [address, address + count)} lies inside, in any table. */
  public boolean covers(int address, int count) {
    return address >= first && address + count - 1 <= last;
  }

  /**
   * Whether every address in {@code [address, address + count)} of {@code requested} lies inside. A
   * request whose table is unknown ({@code null}) only fits a range without a table.
   */
  public boolean covers(@Nullable Table requested, int address, int count) {
    return (table == null || table == requested) && covers(address, count);
  }

  @Override
  public String toString() {
    return (table == null ? "" : table.yamlName() + " ") + first + ".." + last;
  }
}
