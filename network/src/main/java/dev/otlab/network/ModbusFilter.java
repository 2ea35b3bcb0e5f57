package dev.otlab.network;

import dev.otlab.simulator.plc.Table;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deep-packet-inspection limits of a Modbus rule. An empty set or list means "any".
 *
 * @param functionCodes allowed function codes
 * @param ranges allowed address ranges (a request must fall entirely inside one)
 */
public record ModbusFilter(Set<Integer> functionCodes, List<RegisterRange> ranges) {

  /** Function codes that only read: 1, 2, 3, 4 (and 43 device identification). */
  public static final Set<Integer> READ_ONLY = Set.of(1, 2, 3, 4);

  /** Function codes that change a device: 5, 6, 15, 16, 22, 23 and 90 (mode and program). */
  public static final Set<Integer> WRITES = Set.of(5, 6, 15, 16, 22, 23, 90);

  public ModbusFilter {
    functionCodes = Set.copyOf(functionCodes);
    ranges = List.copyOf(ranges);
    for (int fc : functionCodes) {
      if (fc < 1 || fc > 127) {
        throw new IllegalArgumentException(fc + " is not a Modbus function code");
      }
    }
  }

  /**
   * The table a function code addresses ({@code write} picks FC23's write half, which is holding
   * registers like its read half), or null for functions without addresses in a table.
   */
  public static @Nullable Table tableOf(int functionCode) {
    switch (functionCode) {
      case 1:
      case 5:
      case 15:
        return Table.COIL;
      case 2:
        return Table.DISCRETE_INPUT;
      case 3:
      case 6:
      case 16:
      case 22:
      case 23:
        return Table.HOLDING_REGISTER;
      case 4:
        return Table.INPUT_REGISTER;
      default:
        return null;
    }
  }

  /** Whether the filter lets any write function through. */
  public boolean allowsWrites() {
    return functionCodes.isEmpty() || functionCodes.stream().anyMatch(WRITES::contains);
  }
}
