package dev.otlab.detection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Lost devices (no profile section): it has no threshold to set and every profile runs it, as
 * operators notice a device that stops answering whatever else they watch.
 */
public final class AvailabilityKind implements DetectorKind<AvailabilityKind.Always> {

  static final String NAME = AvailabilityDetector.DETECTOR;

  /** The detector's settings: there are none. */
  public record Always() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> sections() {
    return List.of();
  }

  @Override
  public int order() {
    return 200;
  }

  @Override
  public Class<Always> settingsType() {
    return Always.class;
  }

  @Override
  public Always read(JsonNode profile, SectionReader reader) {
    return new Always();
  }

  @Override
  public Always defaults() {
    return new Always();
  }

  @Override
  public Detector create(Always settings, DetectorContext context) {
    return new AvailabilityDetector(context.book());
  }
}
