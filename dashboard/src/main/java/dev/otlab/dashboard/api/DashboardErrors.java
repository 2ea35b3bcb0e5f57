package dev.otlab.dashboard.api;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the dashboard module throws, each with its category and meaning. */
public final class DashboardErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "dashboard";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "ADMIN_PASSWORD_WEAK",
            ErrorCategory.VALIDATION,
            "OTLAB_ADMIN_PASSWORD fails the password policy; the first start stops and says what to change."),
        ErrorCode.of(
            "ARTIFACT_MISSING",
            ErrorCategory.NOT_FOUND,
            "A finished job has no artifact of that name."),
        ErrorCode.of(
            "AUDIT_FILTER_INVALID",
            ErrorCategory.VALIDATION,
            "An audit log filter is too long or has control characters, or its page cursor (before) is not an entry id."),
        ErrorCode.of(
            "AUDIT_TIME_INVALID",
            ErrorCategory.VALIDATION,
            "An audit log time filter (from, to) is not an ISO-8601 instant, or from is after to."),
        ErrorCode.of(
            "BAD_REQUEST",
            ErrorCategory.VALIDATION,
            "The HTTP layer refused the request as malformed."),
        ErrorCode.of(
            "BODY_INVALID",
            ErrorCategory.VALIDATION,
            "The request body is not the JSON the endpoint takes."),
        ErrorCode.of(
            "BODY_LENGTH_REQUIRED",
            ErrorCategory.VALIDATION,
            "A request body came without a Content-Length (chunked); the service takes only bodies of declared length."),
        ErrorCode.of("BODY_MISSING", ErrorCategory.VALIDATION, "The request has no body."),
        ErrorCode.of(
            "COMPARISON_INCOMPLETE",
            ErrorCategory.VALIDATION,
            "A comparison was asked for without two evaluations."),
        ErrorCode.of(
            "CONTAINERS_PROCESS_SUBNET_MISSING",
            ErrorCategory.UNAVAILABLE,
            "The service is configured for a container lab without the process network's subnet."),
        ErrorCode.of(
            "CROSS_ORIGIN_REFUSED",
            ErrorCategory.FORBIDDEN,
            "A state-changing request came from a page of another origin (its Origin or Sec-Fetch-Site header says so)."),
        ErrorCode.of(
            "CSRF_TOKEN_INVALID",
            ErrorCategory.FORBIDDEN,
            "A state-changing request on a login session lacks the session's X-CSRF-Token header or sends another token."),
        ErrorCode.of(
            "DATABASE_DAMAGED",
            ErrorCategory.UNAVAILABLE,
            "The embedded H2 database file is damaged; the service does not start and names the file."),
        ErrorCode.of(
            "DATABASE_ERROR",
            ErrorCategory.INTERNAL,
            "A database statement failed; the statement and the driver's message go to the log only."),
        ErrorCode.of(
            "DATABASE_UNAVAILABLE",
            ErrorCategory.UNAVAILABLE,
            "The database cannot be reached or gave no connection in time."),
        ErrorCode.of(
            "DURATION_TOO_LONG",
            ErrorCategory.VALIDATION,
            "A job's scenario lasts longer in simulated time than otlab.jobs.max-simulated-seconds."),
        ErrorCode.of(
            "EXERCISE_ACTION_INVALID",
            ErrorCategory.VALIDATION,
            "A trainee's triage, response action or finding is not what the endpoint takes (an"
                + " unknown action kind, a missing verdict, a text too long)."),
        ErrorCode.of(
            "EXERCISE_ALERT_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "A trainee triaged an alert their lab never raised."),
        ErrorCode.of(
            "EXERCISE_INVALID",
            ErrorCategory.VALIDATION,
            "An exercise's setup is invalid (every problem is listed: title, names, speed, seed,"
                + " objectives, hints, mode)."),
        ErrorCode.of(
            "EXERCISE_LAB_NOT_PLAYING",
            ErrorCategory.CONFLICT,
            "A trainer injected a step while no lab of the exercise (or not the named one) was"
                + " playing."),
        ErrorCode.of(
            "EXERCISE_NO_TRAINEES",
            ErrorCategory.CONFLICT,
            "An exercise was started before any trainee joined it."),
        ErrorCode.of(
            "EXERCISE_NOT_FINISHED",
            ErrorCategory.CONFLICT,
            "A trainee asked for the debrief of an exercise that has not finished."),
        ErrorCode.of(
            "EXERCISE_NOT_JOINED",
            ErrorCategory.FORBIDDEN,
            "A trainee reached an exercise they have not joined."),
        ErrorCode.of(
            "EXERCISE_STATE",
            ErrorCategory.CONFLICT,
            "The exercise's state does not allow this now (joining a running one, acting in a"
                + " draft or a finished one, starting it twice)."),
        ErrorCode.of(
            "EXERCISE_TEAM_INVALID",
            ErrorCategory.VALIDATION,
            "A trainee joined with a team name that is not letters, digits, '_' and '-'."),
        ErrorCode.of("FORBIDDEN", ErrorCategory.FORBIDDEN, "The user's role may not do this."),
        ErrorCode.of(
            "FORMAT_UNKNOWN",
            ErrorCategory.VALIDATION,
            "An artifact was asked for in a format the endpoint does not produce."),
        ErrorCode.of(
            "INTERNAL_ERROR",
            ErrorCategory.INTERNAL,
            "An unexpected failure inside the service; the log has the details."),
        ErrorCode.of(
            "JOB_ACTIVE",
            ErrorCategory.CONFLICT,
            "A job that is still queued or running was deleted; cancel it first."),
        ErrorCode.of(
            "JOB_CLOCK_ACTION_INVALID",
            ErrorCategory.VALIDATION,
            "A run's clock was asked to do something it cannot (not pause, resume, skip or speed),"
                + " or a speed change named no speed."),
        ErrorCode.of(
            "JOB_CLOCK_UNAVAILABLE",
            ErrorCategory.CONFLICT,
            "The clock of a run that is not playing (queued, ended, or still starting) was asked to"
                + " change."),
        ErrorCode.of(
            "JOB_ENDED", ErrorCategory.CONFLICT, "A job that has already ended was cancelled."),
        ErrorCode.of(
            "JOB_LABEL_INVALID",
            ErrorCategory.VALIDATION,
            "A run's or evaluation's name or note is too long, not text, or has control characters (PATCH)."),
        ErrorCode.of(
            "JOB_FAILED",
            ErrorCategory.INTERNAL,
            "A job failed with an unexpected error; the log has the details."),
        ErrorCode.of(
            "JOB_INTERRUPTED",
            ErrorCategory.UNAVAILABLE,
            "The service stopped while the job was queued or running; rerun it."),
        ErrorCode.of(
            "JOB_QUEUE_FULL",
            ErrorCategory.TOO_MANY_REQUESTS,
            "The user already has otlab.jobs.queued-per-user jobs waiting for a slot."),
        ErrorCode.of(
            "JOB_NOT_ENDED",
            ErrorCategory.CONFLICT,
            "A job that is still queued or running was rerun."),
        ErrorCode.of(
            "JOB_NOT_FINISHED",
            ErrorCategory.CONFLICT,
            "A result was asked for of a job that has not finished."),
        ErrorCode.of(
            "LAB_CONTAINERS_ARCHITECTURE",
            ErrorCategory.CONFLICT,
            "A run or exercise asked for the container lab with another architecture than the one that lab is built for."),
        ErrorCode.of(
            "LAB_CONTAINERS_NONE",
            ErrorCategory.CONFLICT,
            "A run or exercise asked for the container lab, but this service is not attached to one."),
        ErrorCode.of(
            "LAB_INVALID",
            ErrorCategory.VALIDATION,
            "A run asked for a lab other than embedded or containers."),
        ErrorCode.of(
            "LIBRARY_KIND_UNKNOWN",
            ErrorCategory.NOT_FOUND,
            "There is no library kind of that name."),
        ErrorCode.of("LIMIT_INVALID", ErrorCategory.VALIDATION, "A list limit is out of range."),
        ErrorCode.of(
            "LOGIN_BUSY",
            ErrorCategory.TOO_MANY_REQUESTS,
            "Too many password checks are queued at once (a guessing flood); retry after the Retry-After seconds."),
        ErrorCode.of(
            "LOGIN_FAILED",
            ErrorCategory.UNAUTHENTICATED,
            "A login gave a wrong or unknown user name or password."),
        ErrorCode.of(
            "LOGIN_THROTTLED",
            ErrorCategory.TOO_MANY_REQUESTS,
            "Too many failed logins for the user name or from the address; refused before any password check until the Retry-After seconds have passed, a wait that doubles with every further failure."),
        ErrorCode.of(
            "METHOD_NOT_ALLOWED",
            ErrorCategory.VALIDATION,
            "The path does not take this HTTP method; the HTTP layer answers it with 405."),
        ErrorCode.of(
            "NAME_INVALID",
            ErrorCategory.VALIDATION,
            "A name in a request is not a library id (letters, digits, '_', '-')."),
        ErrorCode.of(
            "NOT_ACCEPTABLE",
            ErrorCategory.VALIDATION,
            "The endpoint cannot produce the content type asked for; the HTTP layer answers it with 406."),
        ErrorCode.of(
            "NOT_FOUND",
            ErrorCategory.NOT_FOUND,
            "There is no such path, job, user or library file."),
        ErrorCode.of(
            "PARAMETER_INVALID",
            ErrorCategory.VALIDATION,
            "A query or path parameter cannot be read as its type (a number too large, text for a number)."),
        ErrorCode.of(
            "PASSWORD_WEAK",
            ErrorCategory.VALIDATION,
            "A new password is missing or fails the policy: too short or long, too few different characters, a run like abcdef, containing the user name, or a common password."),
        ErrorCode.of(
            "PASSWORD_WRONG",
            ErrorCategory.VALIDATION,
            "The current password given to change it is wrong."),
        ErrorCode.of(
            "PCAP_NOT_RECORDED",
            ErrorCategory.NOT_FOUND,
            "A run's packet captures were asked for, but it was started without \"pcap\": true."),
        ErrorCode.of(
            "PLAYBOOKS_INVALID",
            ErrorCategory.VALIDATION,
            "A run or evaluation names too many playbooks, one twice, or one with rules on alerts"
                + " while it raises none (detection none)."),
        ErrorCode.of(
            "REQUEST_ENTITY_TOO_LARGE",
            ErrorCategory.TOO_LARGE,
            "The HTTP layer refused a request body larger than it accepts."),
        ErrorCode.of(
            "REQUEST_INVALID",
            ErrorCategory.VALIDATION,
            "A job request has unknown or invalid fields."),
        ErrorCode.of(
            "REQUEST_REFUSED",
            ErrorCategory.VALIDATION,
            "The HTTP layer refused the request with a 4xx status that has no code of its own; the response keeps that status."),
        ErrorCode.of(
            "RESPONSE_INVALID",
            ErrorCategory.VALIDATION,
            "A response action taken on a run is not one the lab knows (an unknown kind, a missing"
                + " target, no reason given, a delay out of range)."),
        ErrorCode.of(
            "ROLE_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A role is missing or not one of viewer, operator and admin."),
        ErrorCode.of(
            "SCENARIO_MISSING",
            ErrorCategory.VALIDATION,
            "The alerts of an evaluation were asked for without a scenario."),
        ErrorCode.of("SEED_INVALID", ErrorCategory.VALIDATION, "A job's seed is negative."),
        ErrorCode.of(
            "SPEED_OUT_OF_RANGE",
            ErrorCategory.VALIDATION,
            "A job's speed is slower than otlab.jobs.min-speed."),
        ErrorCode.of(
            "STATUS_UNKNOWN",
            ErrorCategory.VALIDATION,
            "A job list was filtered by a status that does not exist."),
        ErrorCode.of(
            "SWEEP_ENGINE_NEEDS_POSTGRESQL",
            ErrorCategory.UNAVAILABLE,
            "The service's sweep engine plays units in other processes (otlab.sweeps.engine=swarm),"
                + " which write to its database, but it runs on its embedded H2 file."),
        ErrorCode.of(
            "SWEEP_NOT_RETRYABLE",
            ErrorCategory.CONFLICT,
            "A sweep that is queued, running or finished was retried; only a failed, cancelled or interrupted one can be."),
        ErrorCode.of(
            "SWEEP_RETRY_PLAYING",
            ErrorCategory.CONFLICT,
            "A sweep was retried while another retry of it plays into the same results."),
        ErrorCode.of(
            "UNAUTHORIZED",
            ErrorCategory.UNAUTHENTICATED,
            "The request has no valid user name and password."),
        ErrorCode.of(
            "UNSUPPORTED_MEDIA_TYPE",
            ErrorCategory.UNSUPPORTED_MEDIA_TYPE,
            "A request body has no content type or one the endpoint does not take; a state-changing endpoint never takes the types an HTML form can send (text/plain, form data)."),
        ErrorCode.of(
            "UPLOAD_EMPTY", ErrorCategory.VALIDATION, "An uploaded library file is empty."),
        ErrorCode.of(
            "UPLOAD_ID_INVALID",
            ErrorCategory.VALIDATION,
            "An uploaded library file has an id that cannot name a file."),
        ErrorCode.of(
            "UPLOAD_ID_TAKEN",
            ErrorCategory.CONFLICT,
            "An uploaded library file has the id of an existing file."),
        ErrorCode.of(
            "UPLOAD_IN_USE",
            ErrorCategory.CONFLICT,
            "An uploaded library file was deleted while a queued or running job or another library file needs it."),
        ErrorCode.of(
            "UPLOAD_REFERENCE_PATH",
            ErrorCategory.VALIDATION,
            "An uploaded library file names another file by path, which the server would read from its own disk; uploads name files by id."),
        ErrorCode.of(
            "UPLOAD_TOO_LARGE",
            ErrorCategory.TOO_LARGE,
            "An uploaded library file is larger than the service accepts."),
        ErrorCode.of(
            "UPLOAD_UNWRITABLE",
            ErrorCategory.INTERNAL,
            "An upload was stored but cannot be copied to the data folder; INTERNAL, because that folder is the service's own storage, and the log has the path and cause."),
        ErrorCode.of(
            "USERNAME_INVALID",
            ErrorCategory.VALIDATION,
            "A user name is missing or not letters, digits, '_' and '-'."),
        ErrorCode.of(
            "USER_EXISTS",
            ErrorCategory.CONFLICT,
            "A user of that name exists; names are compared without case."),
        ErrorCode.of(
            "USER_SELF",
            ErrorCategory.CONFLICT,
            "An admin tried to delete their own account or change their own role."));
  }
}
