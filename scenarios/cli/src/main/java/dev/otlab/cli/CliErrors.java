package dev.otlab.cli;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/cli module throws, each with its category and meaning. */
public final class CliErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/cli";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "COMPOSE_KIND_CONFLICT",
            ErrorCategory.VALIDATION,
            "otlab compose got both --live and --for-runs."),
        ErrorCode.of(
            "COMPOSE_OUTPUT_NEEDED",
            ErrorCategory.VALIDATION,
            "otlab compose plays files of the user's own, whose copies go beside the compose file, and got no -o FILE."),
        ErrorCode.of(
            "COMPOSE_REFERENCE_UNEDITABLE",
            ErrorCategory.VALIDATION,
            "A file of the user's names another by path in a way otlab compose cannot rewrite in the lab's copy (not on a line of its own)."),
        ErrorCode.of(
            "COMPOSE_STACK_KIND",
            ErrorCategory.VALIDATION,
            "otlab compose --stack got --live or --for-runs: a stack is the lab the dashboard drives only."),
        ErrorCode.of(
            "COMPOSE_UNWRITABLE",
            ErrorCategory.UNAVAILABLE,
            "otlab compose cannot write the compose file or the copies of the user's files beside it."),
        ErrorCode.of(
            "CSV_UNWRITABLE",
            ErrorCategory.UNAVAILABLE,
            "The --csv file cannot be written; UNAVAILABLE, because the path's folder or disk must change, not the input."),
        ErrorCode.of(
            "EVALUATION_INPUT_INVALID",
            ErrorCategory.VALIDATION,
            "Several inputs of otlab evaluate are invalid; the message lists each."),
        ErrorCode.of(
            "FAIL_UNDER_INVALID", ErrorCategory.VALIDATION, "--fail-under is outside 0 to 100."),
        ErrorCode.of(
            "NODE_ROLE_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "otlab node got a role that has no container node."),
        ErrorCode.of(
            "NODE_SCENARIO_MISSING",
            ErrorCategory.VALIDATION,
            "A runner node was started without a scenario."),
        ErrorCode.of(
            "NODE_START_INVALID",
            ErrorCategory.VALIDATION,
            "--start (or OTLAB_START) is not epoch milliseconds."),
        ErrorCode.of(
            "PLAYBOOK_DETECTION_MISMATCH",
            ErrorCategory.VALIDATION,
            "otlab run or evaluate got a playbook whose rules fire on alerts together with"
                + " --detection none."),
        ErrorCode.of(
            "REQUIRE_AVERTED_NOT_PLAYED",
            ErrorCategory.VALIDATION,
            "otlab evaluate --require-averted names a scenario the suite does not play."),
        ErrorCode.of(
            "REQUIRE_AVERTED_WITHOUT_PLAYBOOK",
            ErrorCategory.VALIDATION,
            "otlab evaluate --require-averted was given without a --playbook to avert with."),
        ErrorCode.of(
            "SET_INVALID",
            ErrorCategory.VALIDATION,
            "A --set is not TAG=VALUE with a finite number or a switch value."),
        ErrorCode.of(
            "SYSLOG_TARGET_INVALID", ErrorCategory.VALIDATION, "--syslog is not HOST:PORT."),
        ErrorCode.of(
            "TRACE_UNWRITABLE",
            ErrorCategory.UNAVAILABLE,
            "The trace cannot be written to the --out folder; UNAVAILABLE, because the folder must change, not the input."),
        ErrorCode.of(
            "USER_INVALID", ErrorCategory.VALIDATION, "--opcua-user is not USER:PASSWORD."));
  }
}
