package dev.otlab.swarm;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the scenarios/swarm module throws, each with its category and meaning. */
public final class SwarmErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "scenarios/swarm";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "SWARM_DOCKER_UNAVAILABLE",
            ErrorCategory.UNAVAILABLE,
            "The docker command is missing, or the Docker engine it talks to does not answer."),
        ErrorCode.of(
            "SWARM_NOT_ACTIVE",
            ErrorCategory.UNAVAILABLE,
            "The Docker engine is not part of a swarm, so it cannot run a sweep's tasks."),
        ErrorCode.of(
            "SWARM_NOT_MANAGER",
            ErrorCategory.UNAVAILABLE,
            "The Docker engine is a swarm worker; services are created on a manager only."),
        ErrorCode.of(
            "SWARM_IMAGE_MISSING",
            ErrorCategory.UNAVAILABLE,
            "The lab image the sweep's tasks run in is not on this Docker engine."),
        ErrorCode.of(
            "SWARM_SERVICE_FAILED",
            ErrorCategory.UNAVAILABLE,
            "Docker refused to create, list or remove a sweep's service or secret."),
        ErrorCode.of(
            "SWARM_UNIT_FAILED",
            ErrorCategory.UNAVAILABLE,
            "A sweep unit's task failed as many times as --max-attempts allows; the message names"
                + " the unit and its last error."),
        ErrorCode.of(
            "SWARM_TASK_LOST",
            ErrorCategory.INTERNAL,
            "A sweep's Swarm job ended while units of it have no result in the database."),
        ErrorCode.of(
            "SWARM_OPTION_INVALID",
            ErrorCategory.VALIDATION,
            "An option of the swarm sweep engine or of otlab sweep-task is missing or out of"
                + " range (database URL, concurrency, attempts, task slot)."),
        ErrorCode.of(
            "SWARM_DB_PASSWORD_UNREADABLE",
            ErrorCategory.VALIDATION,
            "The --db-password-file cannot be read."),
        ErrorCode.of(
            "SWARM_NETWORK_UNUSABLE",
            ErrorCategory.UNAVAILABLE,
            "The network the sweep's tasks are to join (--network) is missing, not a swarm"
                + " overlay, or not attachable."),
        ErrorCode.of(
            "SWARM_DB_SERVICE_DOWN",
            ErrorCategory.UNAVAILABLE,
            "The database service the tasks' URL (--task-db) names has no task running in the"
                + " swarm."));
  }
}
