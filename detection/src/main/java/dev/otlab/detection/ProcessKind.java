package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otlab.detection.DetectionProfile.ProcessSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The process-aware detectors (profile section {@code process}): envelopes and alarm limits,
 * physics balances with CUSUM, frozen and replayed values.
 */
public final class ProcessKind implements DetectorKind<ProcessSettings> {

  static final String NAME = ProcessDetector.DETECTOR;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of("process");
  }

  @Override
  public int order() {
    return 400;
  }

  @Override
  public Class<ProcessSettings> settingsType() {
    return ProcessSettings.class;
  }

  /**
   * The schema offers the balances the registered Java process models describe as keys of {@code
   * residualSigma}, so an editor completes them; other keys must be numbers too, since a plant file
   * may declare balances of its own. The profile loader refuses a key that names no balance of a
   * Java kind or of a loaded plant ({@link DetectionProfile#knownBalances()}), at its key.
   */
  @Override
  public ObjectNode schema(ObjectNode fragment) {
    ObjectNode sigma =
        (ObjectNode)
            fragment.path("properties").path("process").path("properties").path("residualSigma");
    sigma.putObject("additionalProperties").put("type", "number").put("exclusiveMinimum", 0);
    ObjectNode balances = sigma.putObject("properties");
    for (String b : DetectionProfile.BALANCES) {
      balances.putObject(b).put("type", "number").put("exclusiveMinimum", 0);
    }
    return fragment;
  }

  @Override
  public @Nullable ProcessSettings read(JsonNode root, SectionReader r) {
    JsonNode n = root.get("process");
    if (n == null || !n.isObject()) {
      return null;
    }
    boolean envelope = r.bool(n, "envelope", true);
    double window =
        r.seconds(r.text(n, "process", "residualWindow", "30s"), "process.residualWindow");
    Map<String, Double> sigma = new LinkedHashMap<>(r.numbers(n, "process", "residualSigma"));
    Set<String> known = DetectionProfile.knownBalances();
    for (String key : List.copyOf(sigma.keySet())) {
      if (!known.contains(key)) {
        r.problem(
            "process.residualSigma." + key,
            "'" + key + "' is not a balance of a process model kind or of a loaded plant.",
            "Use one of "
                + known
                + "; a balance a plant file declares counts once that plant is loaded.");
        sigma.remove(key);
      }
    }
    double drift = r.number(n, "process", "cusumDrift", 0.5);
    double threshold = r.number(n, "process", "cusumThreshold", 8.0);
    int frozen = r.integer(n, "process", "frozenPolls", 30);
    int replay = r.integer(n, "process", "replayLength", 20);
    String calibration = r.text(n, "process", "calibration", null);
    return r.build(
        "process",
        () ->
            new ProcessSettings(
                envelope, window, sigma, drift, threshold, frozen, replay, calibration));
  }

  @Override
  public Detector create(ProcessSettings settings, DetectorContext context) {
    return new ProcessDetector(settings, context.hosts(), context.book(), context.plant());
  }
}
