package dev.otlab.sweep;

import java.util.Map;

/** A store in this JVM's memory: for embedded sweeps, which end with the process. */
public final class InMemorySweepStore implements SweepStore {

  @Override
  public void create(String sweepId, SweepPlan plan) {
    throw new UnsupportedOperationException("next commit");
  }

  @Override
  public SweepPlan plan(String sweepId) {
    throw new UnsupportedOperationException("next commit");
  }

  @Override
  public void put(String sweepId, String unitKey, UnitResult result, String worker) {
    throw new UnsupportedOperationException("next commit");
  }

  @Override
  public void failed(String sweepId, String unitKey, String worker, String error) {
    throw new UnsupportedOperationException("next commit");
  }

  @Override
  public Map<String, UnitResult> results(String sweepId) {
    throw new UnsupportedOperationException("next commit");
  }

  @Override
  public SweepProgress progress(String sweepId) {
    throw new UnsupportedOperationException("next commit");
  }
}
