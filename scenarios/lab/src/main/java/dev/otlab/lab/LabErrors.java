package dev.otlab.lab;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/lab module throws, each with its category and meaning. */
public final class LabErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/lab";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "CAPTURE_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "A packet capture was asked of an evaluation, or of a lab whose relays run in other processes (the container lab)."),
        ErrorCode.of(
            "LAB_NOT_STARTED",
            ErrorCategory.INTERNAL,
            "A lab part was used before the lab started; a bug in otlab."),
        ErrorCode.of(
            "LAB_PLANT_MISMATCH",
            ErrorCategory.VALIDATION,
            "The architecture is drawn for another plant than the one given."),
        ErrorCode.of(
            "PCAP_DIR_NOT_WRITABLE",
            ErrorCategory.VALIDATION,
            "The folder given for packet captures cannot be created or written."),
        ErrorCode.of(
            "RESPONSE_DELAY_INVALID",
            ErrorCategory.VALIDATION,
            "A response action's delay is negative or not a finite number of seconds."),
        ErrorCode.of(
            "RESPONSE_WHO_MISSING",
            ErrorCategory.VALIDATION,
            "A response action does not say who acts."),
        ErrorCode.of(
            "RUN_FOOTHOLD_CLASH",
            ErrorCategory.VALIDATION,
            "A scenario attaches a host whose id an architecture host already has."),
        ErrorCode.of(
            "RUN_NOT_RUNNING",
            ErrorCategory.CONFLICT,
            "A response was asked of a run that has not started or has ended."),
        ErrorCode.of(
            "RUN_PLANT_MISMATCH",
            ErrorCategory.VALIDATION,
            "The scenario and the architecture are for different plants."));
  }
}
