package dev.otlab.operations;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the operations module throws, each with its category and meaning. */
public final class OperationsErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "operations";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "OPERATIONS_CONTROLLER_UNKNOWN",
            ErrorCategory.VALIDATION,
            "An operations host runs a controller the plant does not have."),
        ErrorCode.of(
            "OPERATIONS_INVALID",
            ErrorCategory.VALIDATION,
            "A benign operations option is out of range."),
        ErrorCode.of(
            "OPERATIONS_STOPPED",
            ErrorCategory.CONFLICT,
            "A session was asked for after the benign operations stopped, as the run ends."),
        ErrorCode.of(
            "OPERATIONS_TAG_UNKNOWN",
            ErrorCategory.VALIDATION,
            "An operator action names a point the controller does not have, or cannot write."));
  }
}
