package dev.otlab.detection;

import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs a detection profile over what the sensors saw. Feed it protocol events in simulated-time
 * order (only events a tap or span port saw; process values come from their read and written
 * values, never from the true process) and call {@link #advanceTo} as time passes; the process
 * balances step once per simulated second. Nothing here reads a clock or a random source, so the
 * same inputs give the same alerts.
 */
public final class DetectionEngine {

  private final DetectionProfile profile;
  private final AlertBook book;
  private final RuleDetector rules;
  private final @Nullable BaselineDetector baseline;
  private final @Nullable ProcessDetector process;
  private final AvailabilityDetector availability;
  private final AssetInventory inventory = new AssetInventory();
  private final @Nullable Baseline loaded;
  private double now = Double.NEGATIVE_INFINITY;
  private double nextTick = 0;

  /**
   * @param profile what to run
   * @param plant the plant (register maps, tag dictionary, process parameters)
   * @param architecture the architecture (host roles, which host runs which controller)
   * @param loaded a saved baseline to start from, or null to learn only from the training window
   */
  public DetectionEngine(
      DetectionProfile profile,
      PlantSpec plant,
      ArchitectureSpec architecture,
      @Nullable Baseline loaded) {
    this.profile = Objects.requireNonNull(profile, "profile");
    Hosts hosts = new Hosts(architecture);
    book = new AlertBook(profile.cooldownSeconds(), profile.maxEvidence());
    rules = new RuleDetector(profile, hosts, book);
    availability = new AvailabilityDetector(book);
    this.loaded = loaded;
    baseline =
        profile.baseline() == null
            ? null
            : new BaselineDetector(profile.baseline(), hosts, book, loaded);
    process =
        profile.process() == null
            ? null
            : new ProcessDetector(profile.process(), hosts, book, plant);
  }

  public DetectionProfile profile() {
    return profile;
  }

  /**
   * One sensed protocol event.
   *
   * @throws IllegalArgumentException when it is earlier than what was fed before
   */
  public void accept(ProtocolEvent e) {
    if (e.time() < now) {
      throw new IllegalArgumentException(
          "event at " + e.time() + " s after time " + now + " s: feed events in time order");
    }
    advanceTo(e.time());
    inventory.accept(e);
    rules.accept(e);
    availability.accept(e);
    if (baseline != null) {
      baseline.accept(e);
    }
    if (process != null) {
      process.accept(e);
    }
  }

  /** Moves simulated time on to {@code time}, stepping the process balances each second. */
  public void advanceTo(double time) {
    while (nextTick <= time) {
      if (process != null) {
        process.tick(nextTick);
      }
      nextTick += 1;
    }
    now = Math.max(now, time);
  }

  /** Alerts so far, in the order they were raised. */
  public List<Alert> alerts() {
    return book.alerts();
  }

  /**
   * The baseline learned so far (on top of the loaded one), or the loaded one without a baseline
   * detector.
   */
  public Baseline baseline() {
    if (baseline != null) {
      return baseline.baseline();
    }
    return loaded != null ? loaded : Baseline.empty();
  }

  /** The passive asset inventory of everything fed so far. */
  public AssetInventory inventory() {
    return inventory;
  }
}
