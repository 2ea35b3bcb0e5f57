package dev.otlab.library;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Modbus function codes a rule may name: those the public specification defines, plus 90, the
 * engineering function (mode change, program upload and download) of the lab's soft PLCs, as
 * vendors such as Schneider (UMAS) use it.
 */
public final class ModbusFunctions {

  /** Every public function code of the Modbus Application Protocol 1.1b3. */
  public static final SortedSet<Integer> KNOWN =
      java.util.Collections.unmodifiableSortedSet(
          new TreeSet<>(
              Set.of(1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43, 90)));

  private ModbusFunctions() {}

  public static boolean isKnown(int fc) {
    return KNOWN.contains(fc);
  }
}
