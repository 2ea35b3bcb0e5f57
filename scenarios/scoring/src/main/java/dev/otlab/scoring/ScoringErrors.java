package dev.otlab.scoring;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/scoring module throws, each with its category and meaning. */
public final class ScoringErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/scoring";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "ANALYSIS_CANCELLED",
            ErrorCategory.CONFLICT,
            "The static analysis of an architecture stopped because its thread was interrupted (the job running it was cancelled)."),
        ErrorCode.of(
            "ARCHITECTURE_TOO_COMPLEX",
            ErrorCategory.VALIDATION,
            "An architecture needs more work than the static analysis allows (too many distinct filter combinations along routes, or too many conduit crossings in all); the message says which."),
        ErrorCode.of(
            "EVALUATE_INTERRUPTED",
            ErrorCategory.UNAVAILABLE,
            "An evaluation was interrupted, usually because otlab is stopping."),
        ErrorCode.of(
            "EVALUATE_DEFENCE_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "A defended evaluation was given to a runner that cannot defend its runs."),
        ErrorCode.of(
            "EVALUATE_JOBS_INVALID",
            ErrorCategory.VALIDATION,
            "The number of parallel runs is outside 1 to 64."),
        ErrorCode.of(
            "EVALUATE_SEEDS_INVALID",
            ErrorCategory.VALIDATION,
            "The number of seeds an evaluation plays each scenario with is outside 1 to 100, or the seeds from the first one on overflow."),
        ErrorCode.of(
            "EVALUATE_RUN_FAILED",
            ErrorCategory.INTERNAL,
            "A run of an evaluation failed with an unexpected error; the cause is attached."),
        ErrorCode.of(
            "EVALUATION_INVALID",
            ErrorCategory.VALIDATION,
            "An evaluation file cannot be read or has another format than this otlab reads."),
        ErrorCode.of(
            "EVALUATION_TOO_LARGE",
            ErrorCategory.TOO_LARGE,
            "An evaluation file is larger than an evaluation may be (16 MiB); refused before it is read."),
        ErrorCode.of(
            "EVALUATION_UNWRITABLE",
            ErrorCategory.UNAVAILABLE,
            "An evaluation cannot be written to the folder the user named; UNAVAILABLE, because the folder must change, not the input."),
        ErrorCode.of(
            "WEIGHTS_INVALID",
            ErrorCategory.VALIDATION,
            "Scoring weights are not NAME=VALUE pairs of known names with finite non-negative values."));
  }
}
