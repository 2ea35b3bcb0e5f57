package dev.otlab.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/** A third-party tool run to its end by an interoperability test, with its output for asserts. */
public final class Command {

  /**
   * How a command ended.
   *
   * @param exit its exit status
   * @param output what it wrote, standard output and error merged
   */
  public record Result(int exit, String output) {}

  private Command() {}

  /**
   * Runs {@code command} and waits for it. {@code hangGuard} only turns a hang into a failure: it
   * is no performance threshold. The output goes to a file, not a pipe, so a chatty tool cannot
   * block on a full pipe while we wait.
   */
  public static Result run(List<String> command, Duration hangGuard)
      throws IOException, InterruptedException {
    return run(command, hangGuard, List.of());
  }

  /**
   * {@link #run(List, Duration)} with {@code env} ({@code NAME=VALUE} entries) added to this
   * process's environment.
   */
  public static Result run(List<String> command, Duration hangGuard, List<String> env)
      throws IOException, InterruptedException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    Path out = Files.createTempFile("otlab-command", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      for (String e : env) {
        int eq = e.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("'" + e + "' is not NAME=VALUE");
        }
        pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
      }
      Process p = pb.start();
      if (!p.waitFor(hangGuard.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionFailedError(
            String.join(" ", command)
                + " did not finish within "
                + hangGuard
                + ": "
                + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** {@link #run(List, Duration)} with the command's words as arguments. */
  public static Result run(Duration hangGuard, String... command)
      throws IOException, InterruptedException {
    return run(List.of(command), hangGuard);
  }

  /**
   * Runs {@code command} with {@code env} ({@code NAME=VALUE} entries added to this process's
   * environment) and returns its output; fails the test when it exits with another status than 0 or
   * hangs past {@code hangGuard}. For the docker and docker-compose commands the container tests
   * drive.
   */
  public static String output(List<String> command, Duration hangGuard, List<String> env)
      throws IOException, InterruptedException {
    Result r = run(command, hangGuard, env);
    if (r.exit() != 0) {
      throw new AssertionFailedError(
          String.join(" ", command) + " failed (" + r.exit() + "):\n" + r.output());
    }
    return r.output();
  }
}
