package dev.otlab.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.testcontainers.DockerClientFactory;

/** Runs, skips or fails what {@link RequiresDocker} annotates, as {@link Requirements} decides. */
public final class DockerCondition implements ExecutionCondition {

  /** The engine, as the container tests reach it. */
  static final MissingRequirement NO_ENGINE =
      new MissingRequirement(
          "No Docker engine is reachable (the container tests need one)",
          "start dockerd; see docker/README.md");

  /** Debian's compose, which the compose lab tests run. */
  static final Tool COMPOSE =
      new Tool(
          "docker-compose", "apt-get install docker-compose", List.of("docker-compose", "version"));

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RequiresDocker> annotation =
        AnnotationSupport.findAnnotation(context.getElement(), RequiresDocker.class);
    if (annotation.isEmpty()) {
      return ConditionEvaluationResult.enabled("no Docker needed here");
    }
    List<MissingRequirement> missing = new ArrayList<>();
    if (!engineReachable()) {
      missing.add(NO_ENGINE);
    }
    if (annotation.get().compose()) {
      COMPOSE.check(System.getenv("PATH")).ifPresent(missing::add);
    }
    return Requirements.decide(missing, System.getenv());
  }

  private static boolean engineReachable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
