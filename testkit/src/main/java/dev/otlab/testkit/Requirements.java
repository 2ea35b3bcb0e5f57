package dev.otlab.testkit;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.opentest4j.AssertionFailedError;

/**
 * The one decision every {@code @Requires...} annotation leads to: with everything present the test
 * runs; with something missing it is skipped on a developer machine, naming what is missing and how
 * to install it, and it fails under {@code CI=true}, because CI installs every tool and a skip
 * there would hide a broken setup behind a green build.
 */
public final class Requirements {

  /** The environment variable CI systems set; {@code true} turns a skip into a failure. */
  public static final String CI = "CI";

  private Requirements() {}

  /** Whether {@code environment} is a CI run, where nothing may be skipped for a missing tool. */
  public static boolean underCi(Map<String, String> environment) {
    return "true".equalsIgnoreCase(environment.get(CI));
  }

  /**
   * Enabled without anything missing; otherwise disabled with the messages, or under CI an {@link
   * AssertionFailedError} with them, which fails the test or the class it was evaluated for.
   */
  public static ConditionEvaluationResult decide(
      List<MissingRequirement> missing, Map<String, String> environment) {
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("every requirement is present");
    }
    String messages =
        missing.stream().map(MissingRequirement::message).collect(Collectors.joining(". "));
    if (underCi(environment)) {
      throw new AssertionFailedError(
          "CI=true, so a missing requirement is a failure, not a skip: " + messages);
    }
    return ConditionEvaluationResult.disabled("Skipped: " + messages);
  }
}
