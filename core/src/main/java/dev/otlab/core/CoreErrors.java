package dev.otlab.core;

import java.util.List;

/** The error codes the core module throws, each with its category and meaning. */
public final class CoreErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "core";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "ERROR_CODE_DUPLICATE",
            ErrorCategory.INTERNAL,
            "Two error catalogues declare the same code; a bug in otlab's packaging."),
        ErrorCode.of(
            "ERROR_CODE_INVALID",
            ErrorCategory.INTERNAL,
            "An error catalogue declares a code that is not UPPER_SNAKE or has no one-line meaning; a bug in otlab."));
  }
}
