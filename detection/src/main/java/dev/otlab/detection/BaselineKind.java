package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.detection.DetectionProfile.BaselineSettings;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The learned baseline with its documented rare operations (profile section {@code baseline}). */
public final class BaselineKind implements DetectorKind<BaselineSettings> {

  static final String NAME = BaselineDetector.DETECTOR;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of("baseline");
  }

  @Override
  public int order() {
    return 300;
  }

  @Override
  public Class<BaselineSettings> settingsType() {
    return BaselineSettings.class;
  }

  @Override
  public @Nullable BaselineSettings read(JsonNode root, SectionReader r) {
    JsonNode n = root.get("baseline");
    if (n == null || !n.isObject()) {
      return null;
    }
    String t = r.text(n, "baseline", "training", "0");
    double training = t.trim().equals("0") ? 0 : r.seconds(t, "baseline.training");
    AlertSeverity severity = r.choice(n, "severity", RuleFields.SEVERITIES, "high");
    List<String> allow = new ArrayList<>();
    r.list(
        n,
        "baseline",
        "allow",
        (a, ap) -> {
          try {
            BaselineAllow parsed = BaselineAllow.parse(a.asText());
            for (String role : List.of(parsed.fromRole(), parsed.toRole())) {
              if (!RuleFields.ROLES.contains(role)) {
                r.problem(
                    ap,
                    "role '" + role + "' is not a host role.",
                    "Use one of " + RuleFields.ROLES + ".");
              }
            }
            allow.add(a.asText());
          } catch (OtlabException e) {
            r.problem(ap, e.getMessage(), e.remedy());
          }
        });
    return r.build("baseline", () -> new BaselineSettings(training, allow, severity));
  }

  @Override
  public Detector create(BaselineSettings settings, DetectorContext context) {
    return new BaselineDetector(settings, context.hosts(), context.book(), context.loaded());
  }
}
