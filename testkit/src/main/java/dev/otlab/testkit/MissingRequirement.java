package dev.otlab.testkit;

/**
 * Something a test needs that this machine lacks, and the exact step that provides it.
 *
 * @param what what is missing, as the report should name it
 * @param hint the command or step that installs or starts it
 */
public record MissingRequirement(String what, String hint) {

  public MissingRequirement {
    if (what.isBlank()) {
      throw new IllegalArgumentException("a missing requirement must say what is missing");
    }
    if (hint.isBlank()) {
      throw new IllegalArgumentException("no install hint for " + what);
    }
  }

  /** What is missing and how to provide it, in one sentence for the test report. */
  public String message() {
    return what + "; to fix: " + hint;
  }
}
