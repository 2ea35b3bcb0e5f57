package dev.otlab.simulator.network;

import java.util.List;
import java.util.Set;

/**
 * Deep-packet-inspection limits of a Modbus rule. An empty set or list means "any".
 *
 * @param functionCodes allowed function codes
 * @param ranges allowed address ranges (a request must fall entirely inside one)
 */
public record ModbusFilter(Set<Integer> functionCodes, List<RegisterRange> ranges) {

  /** Function codes that only read: 1, 2, 3, 4 (and 43 device identification). */
  public static final Set<Integer> READ_ONLY = Set.of(1, 2, 3, 4);

  /** Function codes that write: 5, 6, 15, 16, 22, 23. */
  public static final Set<Integer> WRITES = Set.of(5, 6, 15, 16, 22, 23);

  public ModbusFilter {
    functionCodes = Set.copyOf(functionCodes);
    ranges = List.copyOf(ranges);
    for (int fc : functionCodes) {
      if (fc < 1 || fc > 127) {
        throw new IllegalArgumentException(fc + " is not a Modbus function code");
      }
    }
  }

  /** Whether the filter lets any write function through. */
  public boolean allowsWrites() {
    return functionCodes.isEmpty() || functionCodes.stream().anyMatch(WRITES::contains);
  }
}
