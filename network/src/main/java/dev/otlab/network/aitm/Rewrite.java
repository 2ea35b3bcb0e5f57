package dev.otlab.network.aitm;

import java.util.Map;
import java.util.Set;

/** What the man in the middle does to the read responses the client gets. */
public sealed interface Rewrite {

  /** Stop rewriting: the client sees the server's answers again. */
  record Pass() implements Rewrite {}

  /**
   * Hold these cells at the last value the server reported before this rewrite took effect (a cell
   * not seen yet is held at its first value).
   */
  record Freeze(Set<Cell> cells) implements Rewrite {
    public Freeze {
      cells = Set.copyOf(cells);
      if (cells.isEmpty()) {
        throw new IllegalArgumentException("freeze needs at least one cell");
      }
    }
  }

  /** Report these raw values (a bit as 0/1, a register as its 16-bit word). */
  record Fixed(Map<Cell, Integer> values) implements Rewrite {
    public Fixed {
      values = Map.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("fixed values need at least one cell");
      }
      for (Map.Entry<Cell, Integer> e : values.entrySet()) {
        int max = e.getKey().table().isBit() ? 1 : 0xFFFF;
        if (e.getValue() < 0 || e.getValue() > max) {
          throw new IllegalArgumentException(
              e.getKey() + ": raw value " + e.getValue() + " is outside 0.." + max);
        }
      }
    }
  }

  /**
   * Answer each read with the responses the server gave to the same request between {@code from}
   * and {@code to} (lab seconds), in order and round again: a loop of old, normal-looking data.
   */
  record Replay(double from, double to) implements Rewrite {
    public Replay {
      if (!(from >= 0) || !(to > from) || !Double.isFinite(to)) {
        throw new IllegalArgumentException(
            "replay window " + from + ".." + to + " must be finite with from < to");
      }
    }
  }
}
