package dev.otlab.sweep;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/sweep module throws, each with its category and meaning. */
public final class SweepErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/sweep";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "SWEEP_DB_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A statement of the SQL sweep store failed after the login (the dashboard's database,"
                + " or the database of otlab sweep --db)."),
        ErrorCode.of(
            "SWEEP_DB_UNREACHABLE",
            ErrorCategory.UNAVAILABLE,
            "The SQL sweep store's database refuses the login or cannot be reached."),
        ErrorCode.of(
            "SWEEP_ENGINE_UNKNOWN",
            ErrorCategory.VALIDATION,
            "otlab sweep --engine names no engine this otlab has (embedded, or one a plug-in adds)."),
        ErrorCode.of(
            "SWEEP_ID_TAKEN",
            ErrorCategory.CONFLICT,
            "A store already holds a sweep with that id and another plan."),
        ErrorCode.of(
            "SWEEP_INCOMPLETE",
            ErrorCategory.CONFLICT,
            "A sweep's evaluations were asked for before every unit had a result."),
        ErrorCode.of(
            "SWEEP_INTERRUPTED",
            ErrorCategory.UNAVAILABLE,
            "A sweep was interrupted, usually because otlab is stopping; units done are kept in its store."),
        ErrorCode.of(
            "SWEEP_JOBS_INVALID",
            ErrorCategory.VALIDATION,
            "The number of units an embedded sweep plays at once is outside 1 to 64."),
        ErrorCode.of(
            "SWEEP_JSON_INVALID",
            ErrorCategory.VALIDATION,
            "A stored sweep plan or unit result is not the JSON this otlab writes."),
        ErrorCode.of(
            "SWEEP_NOT_FOUND", ErrorCategory.NOT_FOUND, "A store holds no sweep with that id."),
        ErrorCode.of(
            "SWEEP_TWIN_MISSING",
            ErrorCategory.CONFLICT,
            "A play of a sweep was started before the twin it is scored against had a result."),
        ErrorCode.of(
            "SWEEP_UNIT_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "A result or failure was filed for a unit key the sweep's stored plan does not have."),
        ErrorCode.of(
            "SWEEP_UNIT_FAILED",
            ErrorCategory.INTERNAL,
            "A unit of a sweep failed on every attempt; the cause is attached."));
  }
}
