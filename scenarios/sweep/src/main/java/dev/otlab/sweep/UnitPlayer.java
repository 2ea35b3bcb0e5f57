package dev.otlab.sweep;

import java.nio.file.Path;
import java.util.Map;

/**
 * Plays one unit in this JVM's embedded lab and scores it: the same code for every engine (an
 * embedded worker thread, a Swarm task), so a unit's result does not depend on where it played.
 */
public final class UnitPlayer {

  private final Path pki;

  /**
   * @param pki a writable folder for the labs' OPC UA certificates (each thread uses its own
   *     subfolder)
   */
  public UnitPlayer(Path pki) {
    this.pki = pki;
  }

  /**
   * Plays a unit.
   *
   * @param plan the plan the unit belongs to
   * @param unit the unit
   * @param twins the results of phase 1 so far, by unit key (a Play needs its Twin, and in a
   *     defended configuration its DefendedTwin)
   * @throws dev.otlab.core.OtlabException when a twin the play needs is missing, or the run fails
   */
  public UnitResult play(SweepPlan plan, SweepUnit unit, Map<String, UnitResult> twins) {
    throw new UnsupportedOperationException("UnitPlayer.play: next commit " + pki);
  }
}
