package dev.otlab.simulator.plc;

/** Outcome of a write through a protocol. */
public sealed interface WriteResult permits WriteResult.Written, Rejected {

  /** The write was applied; {@code tags} lists the points it changed. */
  record Written(java.util.List<String> tags) implements WriteResult {
    public Written {
      tags = java.util.List.copyOf(tags);
    }
  }
}
