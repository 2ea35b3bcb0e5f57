package dev.otlab.detection;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the detection module throws, each with its category and meaning. */
public final class DetectionErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "detection";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "BASELINE_READ_FAILED",
            ErrorCategory.VALIDATION,
            "A baseline file cannot be read or is not a baseline written by otlab."),
        ErrorCode.of(
            "BASELINE_VERSION",
            ErrorCategory.VALIDATION,
            "A baseline file has another format version than this otlab reads."),
        ErrorCode.of(
            "BASELINE_WRITE_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A baseline cannot be written to the file the user named; UNAVAILABLE, because the folder (missing, read-only, full) must change, not the input."),
        ErrorCode.of(
            "CEF_PORT_INVALID", ErrorCategory.VALIDATION, "A syslog port is outside 1 to 65535."),
        ErrorCode.of(
            "CEF_SEND_FAILED",
            ErrorCategory.UNAVAILABLE,
            "An alert cannot be sent to the syslog host."),
        ErrorCode.of(
            "CEF_SOCKET_FAILED",
            ErrorCategory.UNAVAILABLE,
            "No UDP socket can be opened for syslog."),
        ErrorCode.of(
            "DETECTION_PROFILE_INVALID",
            ErrorCategory.VALIDATION,
            "A detection profile's settings are inconsistent."),
        ErrorCode.of(
            "DETECTOR_KIND_INVALID",
            ErrorCategory.INTERNAL,
            "A registered detector kind is broken: two kinds claim a name or a profile section, or a kind's schema fragment is missing, unreadable or disagrees with its sections."));
  }
}
