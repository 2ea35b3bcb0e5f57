package dev.otlab.core;

import java.util.regex.Pattern;

/**
 * One error code as declared in an {@link ErrorCatalogue}.
 *
 * @param code the string thrown in {@link OtlabException}, in UPPER_SNAKE
 * @param category what kind of failure it is, which decides the HTTP status
 * @param meaning one sentence saying when the code is thrown, for the docs
 */
public record ErrorCode(String code, ErrorCategory category, String meaning) {
  private static final Pattern UPPER_SNAKE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

  public ErrorCode {
    if (!UPPER_SNAKE.matcher(code).matches()) {
      throw new OtlabException(
          "ERROR_CODE_INVALID",
          "Error code '" + code + "' is not UPPER_SNAKE.",
          "Declare it with capitals, digits and single underscores, such as PLANT_INVALID.");
    }
    if (meaning.isBlank() || meaning.contains("\n") || meaning.contains("|")) {
      throw new OtlabException(
          "ERROR_CODE_INVALID",
          "Error code " + code + " has no one-line meaning.",
          "Give it one sentence without line breaks or '|' (it becomes a table cell in"
              + " docs/errors.md).");
    }
  }

  /** A code in {@code category}. */
  public static ErrorCode of(String code, ErrorCategory category, String meaning) {
    return new ErrorCode(code, category, meaning);
  }
}
