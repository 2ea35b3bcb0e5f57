package dev.otlab.testkit;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs, skips or fails what {@link RequiresDatabase} annotates, as {@link Requirements} decides.
 */
public final class DatabaseCondition implements ExecutionCondition {

  /** A hang guard for the login, not a performance threshold. */
  private static final int LOGIN_BOUND_SECONDS = 5;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresDatabase> annotation =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresDatabase.class);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no database needed here");
    }
    return Requirements.decide(check(annotation.get()).stream().toList(), System.getenv());
  }

  private static Optional<MissingRequirement> check(RequiresDatabase db) {
    int before = DriverManager.getLoginTimeout();
    DriverManager.setLoginTimeout(LOGIN_BOUND_SECONDS);
    try {
      DriverManager.getConnection(db.url(), db.user(), db.password()).close();
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          new MissingRequirement(
              db.name()
                  + " is not reachable at "
                  + db.url()
                  + " as "
                  + db.user()
                  + " ("
                  + e.getMessage()
                  + ")",
              db.hint()));
    } finally {
      DriverManager.setLoginTimeout(before);
    }
  }
}
