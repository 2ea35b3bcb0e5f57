package dev.otlab.library;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/library module throws, each with its category and meaning. */
public final class LibraryErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/library";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "SCHEMA_MISSING",
            ErrorCategory.INTERNAL,
            "A library JSON Schema is missing from the class path or unreadable; a packaging error."),
        ErrorCode.of(
            "ARCHITECTURE_INVALID",
            ErrorCategory.VALIDATION,
            "An architecture file failed validation; the problems list every field."),
        ErrorCode.of(
            "DETECTION_INVALID",
            ErrorCategory.VALIDATION,
            "A detection profile file failed validation; the problems list every field."),
        ErrorCode.of(
            "DURATION_INVALID",
            ErrorCategory.VALIDATION,
            "A duration is not positive or not written as seconds or with units (90s, 15m, 2h)."),
        ErrorCode.of(
            "FILE_NOT_FOUND", ErrorCategory.NOT_FOUND, "A library file path names no file."),
        ErrorCode.of(
            "FILE_TOO_LARGE",
            ErrorCategory.TOO_LARGE,
            "A library file is larger than a library file may be (1 MiB); refused before it is read."),
        ErrorCode.of(
            "FILE_UNREADABLE",
            ErrorCategory.UNAVAILABLE,
            "A library file exists but cannot be read (permissions); the file system must change, not the name."),
        ErrorCode.of(
            "LIBRARY_NAME_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A request, option or file names a library entry that does not exist; VALIDATION, because the name is part of that input (the dashboard answers a file's own URL with NOT_FOUND)."),
        ErrorCode.of(
            "PLAYBOOK_INVALID",
            ErrorCategory.VALIDATION,
            "A playbook file failed validation; the problems list every field."),
        ErrorCode.of(
            "PLAYBOOK_PLANT_MISMATCH",
            ErrorCategory.VALIDATION,
            "A playbook is written for another plant than the architecture a run plays."),
        ErrorCode.of(
            "PLANT_ID_TAKEN",
            ErrorCategory.VALIDATION,
            "A plant file declares the id of a library plant, or of another plant file loaded before, with other contents; one id names one plant."),
        ErrorCode.of(
            "PLANT_INVALID",
            ErrorCategory.VALIDATION,
            "A plant file failed validation; the problems list every field."),
        ErrorCode.of(
            "SCENARIO_INVALID",
            ErrorCategory.VALIDATION,
            "A scenario file failed validation; the problems list every field."),
        ErrorCode.of(
            "SUITE_INVALID",
            ErrorCategory.VALIDATION,
            "A suite file failed validation; the problems list every field."),
        ErrorCode.of(
            "SUITE_PLANT_MISMATCH",
            ErrorCategory.VALIDATION,
            "A suite has no scenario for the plant asked for."),
        ErrorCode.of(
            "SWEEP_INVALID",
            ErrorCategory.VALIDATION,
            "A sweep file failed validation (its architectures, suites, detection profiles and playbooks are loaded and checked too); the problems list every field."));
  }
}
