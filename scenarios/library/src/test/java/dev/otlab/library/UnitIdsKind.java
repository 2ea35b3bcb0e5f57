package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.detection.AlertBook;
import dev.otlab.detection.AlertSeverity;
import dev.otlab.detection.Detector;
import dev.otlab.detection.DetectorContext;
import dev.otlab.detection.DetectorKind;
import dev.otlab.detection.SectionReader;
import dev.otlab.network.Protocol;
import dev.otlab.network.relay.ProtocolEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A detector kind that exists only in the test resources, to prove the plug-in point: this class,
 * its line in {@code META-INF/services/dev.otlab.detection.DetectorKind} and its schema fragment
 * {@code detection/sections/unit-ids.schema.json} are all it takes. It flags Modbus requests to a
 * unit id the profile does not list (section {@code unitIds}).
 */
public final class UnitIdsKind implements DetectorKind<UnitIdsKind.Settings> {

  static final String NAME = "unit-ids";

  /**
   * @param allowed the unit ids a controller answers to
   * @param severity of a request to another one
   */
  public record Settings(Set<Integer> allowed, AlertSeverity severity) {
    public Settings {
      allowed = Set.copyOf(allowed);
    }
  }

  private static final Map<String, AlertSeverity> SEVERITIES =
      SectionReader.byYamlName(AlertSeverity.values());

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of("unitIds");
  }

  @Override
  public int order() {
    return 500;
  }

  @Override
  public Class<Settings> settingsType() {
    return Settings.class;
  }

  @Override
  public @Nullable Settings read(JsonNode profile, SectionReader r) {
    JsonNode n = profile.get("unitIds");
    if (n == null || !n.isObject()) {
      return null;
    }
    Set<Integer> allowed = new LinkedHashSet<>();
    r.list(
        n,
        "unitIds",
        "allowed",
        (u, path) -> {
          // What the schema cannot say: 0 is Modbus broadcast, which no controller answers.
          if (u.asInt() == 0) {
            r.problem(path, "is the broadcast address.", "List the controllers' own unit ids.");
          } else {
            allowed.add(u.asInt());
          }
        });
    AlertSeverity severity = r.choice(n, "severity", SEVERITIES, "medium");
    return r.build("unitIds", () -> new Settings(allowed, severity));
  }

  @Override
  public Detector create(Settings settings, DetectorContext context) {
    AlertBook book = context.book();
    return e -> {
      if (e.protocol() == Protocol.MODBUS
          && e.unitId() >= 0
          && !settings.allowed().contains(e.unitId())) {
        book.raise(
            e.time(),
            NAME,
            "unexpected-unit-id",
            settings.severity(),
            List.of("T0888"),
            e.sourceHost(),
            e.destinationHost(),
            e.sourceHost() + " addressed unit id " + e.unitId() + " at " + e.destinationHost(),
            AlertBook.evidence(e));
      }
    };
  }

  /** A Modbus read of two holding registers from {@code unit}. */
  static ProtocolEvent read(double time, int unit) {
    return new ProtocolEvent(
        time,
        "ops-control",
        "ops-control#1",
        "hmi-1",
        "plc-dosing",
        Protocol.MODBUS,
        "READ_HOLDING_REGISTERS",
        3,
        unit,
        0,
        2,
        -1,
        0,
        List.of(),
        List.of(0.0, 0.0),
        ProtocolEvent.Result.OK,
        0,
        false,
        "ops-control",
        "hmi-dosing");
  }
}
