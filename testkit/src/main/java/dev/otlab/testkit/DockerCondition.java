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

  /** A swarm, which the stack lab tests deploy on. */
  static final MissingRequirement NO_SWARM =
      new MissingRequirement(
          "The Docker engine is no active swarm manager (the stack lab tests deploy on one)",
          "docker swarm init, as .ci/run does; see docker/README.md");

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
    if (annotation.get().swarm() && missing.isEmpty() && !swarmManager()) {
      missing.add(NO_SWARM);
    }
    return Requirements.decide(missing, System.getenv());
  }

  /** Whether the engine is an active swarm node with a manager's powers. */
  private static boolean swarmManager() {
    try {
      Process p =
          new ProcessBuilder(
                  "docker",
                  "info",
                  "--format",
                  "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")
              .redirectErrorStream(true)
              .start();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      }
      return p.waitFor() == 0 && out.equals("active true");
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean engineReachable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
