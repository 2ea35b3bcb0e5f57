package dev.otlab.core;

/**
 * The one error type users see. Every failure carries a stable code (for scripts, the REST API and
 * the docs) and a sentence telling the user what to do, because a message that only says what broke
 * leaves an operator stuck.
 */
public class OtlabException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String remedy;

  public OtlabException(String code, String message, String remedy) {
    this(code, message, remedy, null);
  }

  public OtlabException(String code, String message, String remedy, Throwable cause) {
    super(message, cause);
    this.code = requireText(code, "code");
    this.remedy = requireText(remedy, "remedy");
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Stable, machine-readable code such as {@code PLANT_INVALID}. */
  public String code() {
    return code;
  }

  /**
   * What kind of failure this is, from the code's declaration in its module's {@link
   * ErrorCatalogue}; {@link ErrorCategory#INTERNAL} for a code no catalogue declares.
   */
  public ErrorCategory category() {
    return ErrorCodes.loaded().category(code);
  }

  /** What the user should do about it. */
  public String remedy() {
    return remedy;
  }

  /** Message, code and remedy on one line, for terminals and logs. */
  public String describe() {
    return "[" + code + "] " + getMessage() + " " + remedy;
  }
}
