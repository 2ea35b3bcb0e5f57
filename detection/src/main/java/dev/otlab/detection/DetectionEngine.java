package dev.otlab.detection;

import dev.otlab.core.OtlabException;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.relay.FirewallRecord;
import dev.otlab.network.relay.ProtocolEvent;
import dev.otlab.simulator.plant.PlantSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Runs a detection profile over what the sensors saw. Feed it protocol events in simulated-time
 * order, with the firewall records of conduits that log to the SOC (only events a tap or span port
 * saw; process values come from their read and written values, never from the true process) and
 * call {@link #advanceTo} as time passes; detectors tick once per simulated second. Each detector
 * sees each event after the passive inventory, in the order of its kind ({@link
 * DetectorKind#order()}: rules, availability, baseline, process, then kinds added later), so the
 * alerts come out in the same order on every run. Nothing here reads a clock or a random source, so
 * the same inputs give the same alerts.
 */
public final class DetectionEngine {

  private final DetectionProfile profile;
  private final AlertBook book;
  private final List<Detector> detectors = new ArrayList<>();
  private final AssetInventory inventory = new AssetInventory();
  private final @Nullable Baseline loaded;
  private double now = Double.NEGATIVE_INFINITY;
  private double nextTick = 0;

  /**
   * Runs the installed detector kinds ({@link DetectorKinds#installed()}) the profile configures,
   * and those that run in every profile, in the kinds' order.
   *
   * @param profile what to run
   * @param plant the plant (register maps, tag dictionary, process parameters)
   * @param architecture the architecture (host roles, which host runs which controller)
   * @param loaded a saved baseline to start from, or null to learn only from the training window
   * @throws OtlabException {@code DETECTION_PROFILE_INVALID} when the profile configures a kind
   *     that is not installed
   */
  public DetectionEngine(
      DetectionProfile profile,
      PlantSpec plant,
      ArchitectureSpec architecture,
      @Nullable Baseline loaded) {
    this.profile = Objects.requireNonNull(profile, "profile");
    DetectorKinds kinds = DetectorKinds.installed();
    book = new AlertBook(profile.cooldownSeconds(), profile.maxEvidence());
    this.loaded = loaded;
    DetectorContext context =
        new DetectorContext(plant, architecture, new Hosts(architecture), book, loaded);
    for (String name : profile.settings().keySet()) {
      if (kinds.kind(name).isEmpty()) {
        throw DetectionProfile.invalid(
            "profile "
                + profile.id()
                + " configures detector '"
                + name
                + "', which is not installed",
            "Put the detector's module on the class path, or remove its section.");
      }
    }
    for (DetectorKind<?> kind : kinds.kinds()) {
      Object settings = profile.settings().get(kind.name());
      if (settings == null) {
        settings = kind.defaults();
      }
      if (settings != null) {
        detectors.add(create(kind, settings, context));
      }
    }
  }

  private static <S> Detector create(DetectorKind<S> kind, Object settings, DetectorContext c) {
    return kind.create(kind.settingsType().cast(settings), c);
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
    for (Detector d : detectors) {
      d.accept(e);
    }
  }

  /**
   * One line of a conduit's log to the SOC (a refusal or a session record), fed in time order with
   * the sensed events.
   *
   * @throws IllegalArgumentException when it is earlier than what was fed before
   */
  public void accept(FirewallRecord r) {
    if (r.time() < now) {
      throw new IllegalArgumentException(
          "firewall record at " + r.time() + " s after time " + now + " s: feed in time order");
    }
    advanceTo(r.time());
    for (Detector d : detectors) {
      d.accept(r);
    }
  }

  /** Moves simulated time on to {@code time}, ticking the detectors each second. */
  public void advanceTo(double time) {
    while (nextTick <= time) {
      for (Detector d : detectors) {
        d.tick(nextTick);
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
    for (Detector d : detectors) {
      if (d instanceof BaselineDetector b) {
        return b.baseline();
      }
    }
    return loaded != null ? loaded : Baseline.empty();
  }

  /** The passive asset inventory of everything fed so far. */
  public AssetInventory inventory() {
    return inventory;
  }
}
