package dev.otlab.library;

import dev.otlab.core.OtlabException;
import java.util.List;

/** A file that failed validation, with every problem found (not just the first). */
public final class ValidationException extends OtlabException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ValidationException(String code, String file, List<Problem> problems) {
    super(
        code,
        file
            + " is invalid ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n"
            + String.join("\n", problems.stream().map(p -> "  - " + p).toList()),
        "Fix the listed fields and run again; nothing was started.");
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
