package dev.otlab.scoring;

import dev.otlab.lab.RunTrace;
import dev.otlab.process.LimitCrossing;
import java.util.List;
import java.util.Map;

/**
 * What the benign twin did: the same plant, architecture and seed with no attack step. Only what
 * scoring compares is kept (production per sample, crossings, SIS trip times), so a long twin costs
 * a few hundred kilobytes rather than its whole trace. A twin run for the longest scenario serves
 * the shorter ones too: benign operations and disturbances are scheduled from the seed and do not
 * depend on when the run ends, so its first D seconds are the twin of a run of length D.
 *
 * @param plant plant id
 * @param architecture architecture id
 * @param seed seed
 * @param durationSeconds how long the twin ran
 * @param times sample times
 * @param rates production rate at each sample ({@link Production#rate})
 * @param crossings safety limit crossings of the twin
 * @param sisTripTimes when SIS trip points went active
 */
public record BenignTwin(
    String plant,
    String architecture,
    long seed,
    double durationSeconds,
    double[] times,
    double[] rates,
    List<LimitCrossing> crossings,
    double[] sisTripTimes) {

  public BenignTwin {
    if (times.length != rates.length) {
      throw new IllegalArgumentException("one rate per sample time");
    }
    times = times.clone();
    rates = rates.clone();
    crossings = List.copyOf(crossings);
    sisTripTimes = sisTripTimes.clone();
  }

  /** The twin of a trace (its steps are ignored: a twin has none). */
  public static BenignTwin of(RunTrace twin, Production production, String plant) {
    double[] t = new double[twin.samples().size()];
    double[] r = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      RunTrace.Sample s = twin.samples().get(i);
      t[i] = s.time();
      r[i] = production.rate(s);
    }
    return new BenignTwin(
        plant,
        twin.architecture(),
        twin.seed(),
        twin.durationSeconds(),
        t,
        r,
        twin.crossings(),
        twin.sisTrips().stream().mapToDouble(RunTrace.SisTrip::time).toArray());
  }

  /** Production over [0, until). */
  public double production(double until) {
    return Production.integrate(times, rates, until);
  }

  public double outsideSeconds(double until) {
    return Envelope.outsideSeconds(crossings, until);
  }

  public Map<String, Integer> entries(double until) {
    return Envelope.entries(crossings, until);
  }

  public int sisTrips(double until) {
    int n = 0;
    for (double t : sisTripTimes) {
      if (t < until) {
        n++;
      }
    }
    return n;
  }

  /** A twin that did nothing at all, for plants without a production model in unit tests. */
  public static BenignTwin empty(String plant, String architecture, long seed, double duration) {
    return new BenignTwin(
        plant,
        architecture,
        seed,
        duration,
        new double[0],
        new double[0],
        List.of(),
        new double[0]);
  }
}
