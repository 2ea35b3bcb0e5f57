package dev.otlab.detection;

import dev.otlab.detection.DetectionProfile.ProcessSettings;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.process.Balance;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.Limits;
import dev.otlab.simulator.plant.PlantSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plant.TagSpec;
import dev.otlab.simulator.plc.BlockSpec;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Process-aware detection from the values that cross the sensors (read responses and written
 * values, decoded with the plant's register maps): setpoints written outside the operating
 * envelope, reported values beyond their alarm limits, physics residuals (the mass and energy
 * balances the plant's process model describes) accumulated with a two-sided CUSUM, and reported
 * values that freeze or replay an earlier run while measurement noise and the physics say they must
 * move.
 */
final class ProcessDetector implements Detector {

  static final String DETECTOR = "process";

  /** Reported values older than this are stale: the balance skips the window. */
  private static final double STALE_SECONDS = 3.0;

  private record Observation(double time, double value, String host) {}

  private final ProcessSettings settings;
  private final Hosts hosts;
  private final AlertBook book;
  private final PlantSpec plant;
  private final Map<String, List<PointSpec>> points = new HashMap<>();
  private final Map<String, Limits> envelopes = new HashMap<>();
  private final Map<String, String> envelopeBasis = new HashMap<>();
  private final Map<String, Observation> latest = new HashMap<>();
  private final Map<String, Double> lastValue = new HashMap<>();
  private final Map<String, Integer> sameCount = new HashMap<>();
  private final Map<String, Deque<String>> recent = new HashMap<>();
  private final Map<String, Long> seenRuns = new LinkedHashMap<>();
  private final Map<String, Long> streamIndex = new HashMap<>();
  private final List<BalanceCheck> balances = new ArrayList<>();
  private double lastTick = Double.NaN;

  ProcessDetector(ProcessSettings settings, Hosts hosts, AlertBook book, PlantSpec plant) {
    this.settings = settings;
    this.hosts = hosts;
    this.book = book;
    this.plant = plant;
    for (ControllerSpec c : plant.controllers()) {
      List<PointSpec> ps = new ArrayList<>();
      for (PointBinding b : c.points()) {
        ps.add(b.point());
      }
      points.put(c.id(), ps);
      for (BlockSpec block : c.logic()) {
        envelopes(c.id(), block);
        if (block.type().equals("pid")) {
          tuning(c, block);
        }
      }
      // A writable point that is itself a process tag (an actuator command such as the coolant
      // temperature in manual) must stay in that tag's band.
      for (PointBinding b : c.points()) {
        TagSpec t = tag(b.point().tag());
        String key = c.id() + "|" + b.point().tag();
        if (b.point().writable()
            && t != null
            && !envelopes.containsKey(key)
            && !band(t).isEmpty()
            && b.point().table() == Table.HOLDING_REGISTER) {
          envelopes.put(key, band(t));
          envelopeBasis.put(key, "the operating band of " + t.name());
        }
      }
    }
    buildBalances();
  }

  // ------------------------------------------------------------------ envelopes

  private void envelopes(String controller, BlockSpec block) {
    Map<String, String> p = block.params();
    switch (block.type()) {
      case "hysteresis":
        operating(controller, p.get("low"), p.get("level"));
        operating(controller, p.get("high"), p.get("level"));
        break;
      case "pid":
        operating(controller, p.get("sp"), p.get("pv"));
        break;
      case "trip":
        {
          TagSpec m = tag(p.get("measurement"));
          String sp = p.get("above");
          if (m != null && sp != null && isPoint(controller, sp) && m.trip().high() != null) {
            // A trip point at or past the hazard limit no longer protects anything.
            Double low = m.normal().high() != null ? m.normal().high() : m.alarm().high();
            envelopes.put(controller + "|" + sp, new Limits(low, Math.nextDown(m.trip().high())));
            envelopeBasis.put(controller + "|" + sp, "below the trip limit of " + m.name());
          }
          break;
        }
      case "interlock":
        {
          TagSpec m = tag(p.get("input"));
          String sp = p.get("below");
          if (m != null && sp != null && isPoint(controller, sp) && m.alarm().low() != null) {
            envelopes.put(controller + "|" + sp, new Limits(m.alarm().low(), m.normal().low()));
            envelopeBasis.put(
                controller + "|" + sp, "between the low alarm and normal low of " + m.name());
          }
          break;
        }
      default:
        break;
    }
  }

  /**
   * A loop's tuning (gain, integral and derivative time) is commissioned once and not retuned in
   * operation: a value outside a factor of {@value #TUNING_FACTOR} of the commissioned one (the
   * point's initial value in the plant file), zero included, detunes or disables the loop.
   */
  private void tuning(ControllerSpec c, BlockSpec block) {
    for (String param : List.of("kp", "ti", "td")) {
      String tag = block.params().get(param);
      if (tag == null) {
        continue;
      }
      for (PointBinding b : c.points()) {
        if (b.point().tag().equals(tag) && b.point().writable() && b.initial() > 0) {
          String key = c.id() + "|" + tag;
          envelopes.put(key, new Limits(b.initial() / TUNING_FACTOR, b.initial() * TUNING_FACTOR));
          envelopeBasis.put(
              key, "within a factor of " + (int) TUNING_FACTOR + " of its commissioned value");
        }
      }
    }
  }

  static final double TUNING_FACTOR = 3;

  private void operating(String controller, @Nullable String setpoint, @Nullable String measured) {
    TagSpec m = tag(measured);
    if (m == null || setpoint == null || !isPoint(controller, setpoint)) {
      return;
    }
    Limits l = band(m);
    if (!l.isEmpty()) {
      envelopes.put(controller + "|" + setpoint, l);
      envelopeBasis.put(
          controller + "|" + setpoint, "the operating band of " + m.name() + " it controls");
    }
  }

  /**
   * The operating band of a tag: halfway between its normal range and its alarm limits (a setpoint
   * at an alarm limit is already an attack on the process; operators retune within the normal
   * range), or whichever of the two exists.
   */
  static Limits band(TagSpec t) {
    return new Limits(
        mid(t.normal().low(), t.alarm().low()), mid(t.normal().high(), t.alarm().high()));
  }

  private static @Nullable Double mid(@Nullable Double normal, @Nullable Double alarm) {
    if (normal != null && alarm != null) {
      return (normal + alarm) / 2;
    }
    return normal != null ? normal : alarm;
  }

  private boolean isPoint(String controller, String tag) {
    return points.getOrDefault(controller, List.of()).stream().anyMatch(p -> p.tag().equals(tag));
  }

  private @Nullable TagSpec tag(@Nullable String name) {
    return name == null ? null : plant.tag(name).orElse(null);
  }

  // ------------------------------------------------------------------ events

  @Override
  public void accept(ProtocolEvent e) {
    if (e.protocol() != Protocol.MODBUS || e.values().isEmpty()) {
      return;
    }
    String controller = hosts.controller(e.destinationHost());
    if (controller == null) {
      return;
    }
    int code = e.code();
    if (e.write()) {
      Table table = code == 5 || code == 15 ? Table.COIL : Table.HOLDING_REGISTER;
      int first = e.writeAddress() >= 0 ? e.writeAddress() : e.address();
      for (Map.Entry<PointSpec, Double> d :
          decode(controller, table, first, e.values()).entrySet()) {
        checkSetpoint(e, controller, d.getKey(), d.getValue());
      }
      return;
    }
    if (e.result() != ProtocolEvent.Result.OK || code < 1 || code > 4) {
      return;
    }
    Table table =
        code == 1
            ? Table.COIL
            : code == 2
                ? Table.DISCRETE_INPUT
                : code == 3 ? Table.HOLDING_REGISTER : Table.INPUT_REGISTER;
    Map<PointSpec, Double> decoded = decode(controller, table, e.address(), e.values());
    StringBuilder vector = new StringBuilder();
    for (Map.Entry<PointSpec, Double> d : decoded.entrySet()) {
      PointSpec p = d.getKey();
      double v = d.getValue();
      latest.put(p.tag(), new Observation(e.time(), v, e.destinationHost()));
      checkAlarm(e, p, v);
      if (noisy(p, v)) {
        checkFrozen(e, controller, p, v);
        vector.append(p.tag()).append('=').append(v).append(';');
      }
    }
    if (vector.length() > 0) {
      checkReplay(e, controller + "|" + code + "|" + e.address(), vector.toString());
    }
  }

  /** Engineering values of the points wholly inside {@code [first, first + words)}. */
  private Map<PointSpec, Double> decode(
      String controller, Table table, int first, List<Double> words) {
    Map<PointSpec, Double> out = new LinkedHashMap<>();
    if (first < 0) {
      return out;
    }
    for (PointSpec p : points.getOrDefault(controller, List.of())) {
      if (p.table() != table) {
        continue;
      }
      int offset = p.address() - first;
      if (offset < 0 || offset + p.type().words() > words.size()) {
        continue;
      }
      int w = (int) Math.round(words.get(offset)) & 0xFFFF;
      double v;
      if (p.type() == DataType.BOOL) {
        v = w != 0 ? 1 : 0;
      } else if (p.type() == DataType.FLOAT32) {
        int low = (int) Math.round(words.get(offset + 1)) & 0xFFFF;
        v = Float.intBitsToFloat((w << 16) | low);
      } else if (p.type() == DataType.UINT16) {
        v = w / p.scale();
      } else {
        v = (short) w / p.scale();
      }
      out.put(p, v);
    }
    return out;
  }

  private void checkSetpoint(ProtocolEvent e, String controller, PointSpec p, double v) {
    Limits l = envelopes.get(controller + "|" + p.tag());
    if (!settings.envelope() || l == null || l.contains(v)) {
      return;
    }
    book.raise(
        e.time(),
        DETECTOR,
        "setpoint-envelope",
        AlertSeverity.HIGH,
        List.of("T0836"),
        e.sourceHost(),
        e.destinationHost(),
        String.format(
            Locale.ROOT,
            "%s.%s written to %s %s, outside the operating envelope [%s, %s] (%s)",
            controller,
            p.tag(),
            fmt(v),
            p.unit(),
            l.low() == null ? "-inf" : fmt(l.low()),
            l.high() == null ? "+inf" : fmt(l.high()),
            envelopeBasis.get(controller + "|" + p.tag())),
        AlertBook.evidence(e));
  }

  private void checkAlarm(ProtocolEvent e, PointSpec p, double v) {
    TagSpec t = tag(p.tag());
    if (!settings.envelope() || t == null || t.alarm().isEmpty() || t.alarm().contains(v)) {
      return;
    }
    book.raise(
        e.time(),
        DETECTOR,
        "value-alarm-" + p.tag().replace('_', '-'),
        AlertSeverity.MEDIUM,
        List.of("T0831"),
        null,
        e.destinationHost(),
        String.format(
            Locale.ROOT,
            "%s reports %s = %s %s, beyond its alarm limits",
            e.destinationHost(),
            p.tag(),
            fmt(v),
            p.unit()),
        AlertBook.evidence(e));
  }

  /**
   * Whether a value must move from poll to poll: its measurement noise is at least half a count of
   * its encoding, and it is not pinned at an end of its range (where a clamp holds it still).
   */
  private boolean noisy(PointSpec p, double v) {
    TagSpec t = tag(p.tag());
    if (t == null
        || t.noise() <= 0
        || p.table() == Table.COIL
        || p.table() == Table.DISCRETE_INPUT) {
      return false;
    }
    double count = p.type() == DataType.FLOAT32 ? 0 : 1 / p.scale();
    if (t.noise() < 0.5 * count) {
      return false;
    }
    double margin = Math.max(count, 3 * t.noise());
    return v > p.min() + margin && v < p.max() - margin;
  }

  private void checkFrozen(ProtocolEvent e, String controller, PointSpec p, double v) {
    // Per relay: with a party in the middle a sensor may see both legs of one client's traffic.
    String key = e.relay() + "|" + e.sourceHost() + "|" + controller + "|" + p.tag();
    Double before = lastValue.put(key, v);
    int n = before != null && before == v ? sameCount.getOrDefault(key, 1) + 1 : 1;
    sameCount.put(key, n);
    if (n >= settings.frozenPolls()) {
      book.raise(
          e.time(),
          DETECTOR,
          "frozen-value",
          AlertSeverity.HIGH,
          List.of("T0856", "T0830"),
          null,
          e.destinationHost(),
          String.format(
              Locale.ROOT,
              "%s.%s reported as exactly %s for %d polls in a row to %s, though its sensor noise"
                  + " (%s %s) must move it",
              controller,
              p.tag(),
              fmt(v),
              n,
              e.sourceHost(),
              fmt(tag(p.tag()).noise()),
              p.unit()),
          AlertBook.evidence(e));
    }
  }

  private void checkReplay(ProtocolEvent e, String stream, String vector) {
    String key = e.relay() + "|" + e.sourceHost() + "|" + stream;
    Deque<String> run = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
    run.addLast(vector);
    if (run.size() > settings.replayLength()) {
      run.removeFirst();
    }
    long index = streamIndex.merge(key, 1L, Long::sum);
    if (run.size() < settings.replayLength()) {
      return;
    }
    String runKey = key + "#" + String.join("/", run);
    Long earlier = seenRuns.get(runKey);
    if (earlier == null) {
      seenRuns.put(runKey, index);
      // Bounded memory: about the last day of 1 s polls of a few streams.
      if (seenRuns.size() > 500_000) {
        seenRuns.remove(seenRuns.keySet().iterator().next());
      }
      return;
    }
    if (index - earlier >= settings.replayLength()) {
      book.raise(
          e.time(),
          DETECTOR,
          "replayed-values",
          AlertSeverity.HIGH,
          List.of("T0856", "T0830"),
          null,
          e.destinationHost(),
          String.format(
              Locale.ROOT,
              "%d consecutive responses from %s to %s repeat an earlier run exactly (%d polls ago)",
              settings.replayLength(),
              e.destinationHost(),
              e.sourceHost(),
              index - earlier),
          AlertBook.evidence(e));
    }
  }

  // ------------------------------------------------------------------ physics

  /** A balance checked: the predicted change of one measured value against the observed one. */
  private final class BalanceCheck {
    final Balance equation;
    final String name;
    final String measured;
    final double sigma;
    final double[] reads;
    double windowStart = Double.NaN;
    double startValue;
    double predicted;
    boolean valid;
    double high;
    double low;
    final List<Alert.Evidence> trail = new ArrayList<>();

    BalanceCheck(Balance equation, double sigma) {
      this.equation = equation;
      this.name = equation.name();
      this.measured = equation.measured();
      this.sigma = sigma;
      this.reads = new double[equation.reads().size()];
    }

    /**
     * Predicted rate of change of the measured value (unit per second), or null when a tag it reads
     * is not freshly reported.
     */
    @Nullable Double rate(double now) {
      for (int i = 0; i < reads.length; i++) {
        Double v = fresh(equation.reads().get(i), now);
        if (v == null) {
          return null;
        }
        reads[i] = v;
      }
      return equation.rate().perSecond(reads);
    }

    @Nullable Double fresh(String tag, double now) {
      Observation o = latest.get(tag);
      return o == null || now - o.time() > STALE_SECONDS ? null : o.value();
    }

    @Nullable String host() {
      Observation o = latest.get(measured);
      return o == null ? null : o.host();
    }

    void tick(double now, double dt) {
      Double value = fresh(measured, now);
      if (Double.isNaN(windowStart)) {
        restart(now, value);
        return;
      }
      Double r = rate(now);
      if (r == null || value == null || !equation.holdsAt(value)) {
        valid = false;
      } else {
        predicted += r * dt;
      }
      if (now - windowStart < settings.residualWindowSeconds() - 1e-9) {
        return;
      }
      if (valid && value != null) {
        double residual = (value - startValue) - predicted;
        double z = residual / sigma;
        high = Math.max(0, high + z - settings.cusumDrift());
        low = Math.max(0, low - z - settings.cusumDrift());
        trail.add(
            AlertBook.sample(
                now,
                String.format(
                    Locale.ROOT,
                    "%s: observed change %s, predicted %s, residual %s (%.1f sigma), CUSUM +%.1f/-%.1f",
                    name,
                    fmt(value - startValue),
                    fmt(predicted),
                    fmt(residual),
                    z,
                    high,
                    low)));
        if (trail.size() > 5) {
          trail.remove(0);
        }
        // No reset on alarm: while the residual persists every window alarms again and folds
        // into the open alert (its count is the number of windows out of balance).
        if (high > settings.cusumThreshold() || low > settings.cusumThreshold()) {
          raise(now, high > low);
        }
      }
      restart(now, value);
    }

    void restart(double now, @Nullable Double value) {
      windowStart = now;
      valid = value != null;
      startValue = value == null ? 0 : value;
      predicted = 0;
    }

    void raise(double now, boolean above) {
      book.raise(
          now,
          DETECTOR,
          "residual-" + name,
          AlertSeverity.HIGH,
          List.of("T0856", "T0831"),
          null,
          host(),
          String.format(
              Locale.ROOT,
              "%s: reported %s %s than the physics of the observed actuators allows (CUSUM"
                  + " over %s)",
              name,
              measured,
              above ? "rises faster" : "falls faster or rises slower",
              fmt(settings.cusumThreshold())),
          List.copyOf(trail));
    }
  }

  /**
   * The plant's balances ({@link PlantSpec#knowledge()}: declared in its file or described by its
   * Java kind) that have a noise sigma: the profile's {@code residualSigma} entry of the balance's
   * name, else the sigma the plant file declares with it. A balance with neither is not checked.
   */
  private void buildBalances() {
    Map<String, Double> sigma = settings.residualSigma();
    for (Balance b : plant.knowledge().balances()) {
      double s = sigma.getOrDefault(b.name(), b.sigma());
      if (!Double.isNaN(s)) {
        balances.add(new BalanceCheck(b, s));
      }
    }
  }

  /** Advances the balances to {@code now} (called once per simulated second, in order). */
  @Override
  public void tick(double now) {
    double dt = Double.isNaN(lastTick) ? 0 : now - lastTick;
    lastTick = now;
    for (BalanceCheck b : balances) {
      b.tick(now, dt);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
