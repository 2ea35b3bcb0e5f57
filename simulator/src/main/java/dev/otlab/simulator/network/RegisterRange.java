package dev.otlab.simulator.network;

/**
 * An inclusive range of zero-based Modbus addresses.
 *
 * @param first first address
 * @param last last address
 */
public record RegisterRange(int first, int last) {

  public RegisterRange {
    if (first < 0 || last > 0xFFFF || first > last) {
      throw new IllegalArgumentException(
          "range " + first + ".." + last + " is not within 0..65535");
    }
  }

  /** Whether every address in {@code [address, address + count)} lies inside. */
  public boolean covers(int address, int count) {
    return address >= first && address + count - 1 <= last;
  }
}
