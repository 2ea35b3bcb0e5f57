package dev.otlab.lab;

import dev.otlab.library.ResponseAction;
import java.util.List;

/**
 * A response action the lab carried out or refused: who asked for it, why, when it was asked and
 * when it took effect, and what it changed, side effects included ("closed 2 connections", "hmi-1's
 * polls of plc-intake are denied from now on").
 *
 * @param requested simulated time the defender asked
 * @param time simulated time it took effect (or was refused)
 * @param who who acted: {@code playbook:<id>}, {@code user:<name>}, {@code cli}
 * @param why the recorded reason
 * @param action what was asked
 * @param done whether it was carried out; false when refused (an unknown host, a PLC the plant does
 *     not let stop)
 * @param result one sentence: what happened, or why it was refused and what to do instead
 * @param effects its operational side effects, one line each
 */
public record ResponseRecord(
    double requested,
    double time,
    String who,
    String why,
    ResponseAction action,
    boolean done,
    String result,
    List<String> effects) {

  public ResponseRecord {
    if (!(time >= requested)) {
      throw new IllegalArgumentException("a response takes effect at or after it was asked");
    }
    if (who.isBlank()) {
      throw new IllegalArgumentException("a response records who acted");
    }
    effects = List.copyOf(effects);
  }
}
