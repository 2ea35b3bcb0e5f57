package dev.otlab.swarm;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code docker} command, as a user would type it: the engine drives Swarm through the same CLI
 * the documentation shows, so what it does can be repeated and inspected by hand ({@code docker
 * service ps}).
 */
final class DockerCli {

  /** How a command ended. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }
  }

  /** A hang guard for one docker command, not a performance bound. */
  private static final long COMMAND_SECONDS = 120;

  private final String docker;

  DockerCli(String docker) {
    this.docker = docker;
  }

  Result run(List<String> args) {
    return run(args, null);
  }

  /**
   * Runs {@code docker ARGS}, with {@code stdin} written to its standard input if given (a secret's
   * value goes there, never onto a command line).
   */
  Result run(List<String> args, byte @Nullable [] stdin) {
    List<String> command = new ArrayList<>();
    command.add(docker);
    command.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("otlab-docker", ".out");
      err = Files.createTempFile("otlab-docker", ".err");
      // Output to files, not pipes: a chatty command cannot block on a full pipe while we wait.
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new OtlabException(
            "SWARM_DOCKER_UNAVAILABLE",
            String.join(" ", command) + " did not end within " + COMMAND_SECONDS + " s.",
            "Check that the Docker engine answers (docker info) and is not overloaded.");
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new OtlabException(
          "SWARM_DOCKER_UNAVAILABLE",
          "Cannot run " + docker + ": " + e.getMessage(),
          "Install the Docker command line (Debian: apt-get install docker.io) and put it on the"
              + " PATH.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlabException(
          "SWARM_SERVICE_FAILED",
          "Interrupted while running " + String.join(" ", command) + ".",
          "Run the sweep again; it resumes from the results stored.",
          e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Runs a command that must succeed; its standard output. */
  String require(List<String> args, String what) {
    Result r = run(args);
    if (!r.ok()) {
      throw new OtlabException(
          "SWARM_SERVICE_FAILED",
          "Docker could not " + what + ": " + r.err(),
          "Check the swarm (docker node ls, docker service ls) and run the sweep again; it"
              + " resumes from the results stored.");
    }
    return r.out();
  }

  private static void deleteQuietly(@Nullable Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A temporary file left behind in the temporary folder harms nothing.
      }
    }
  }
}
