package dev.otlab.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An external tool a test needs, and how to tell whether this machine has it: see {@link
 * RequiresTool}.
 *
 * @param name a command on PATH, an absolute path, or (with a probe) a name for the report
 * @param hint the exact step that installs it
 * @param probe a command that exits 0 exactly when the tool is usable; empty: look for the name
 */
public record Tool(String name, String hint, List<String> probe) {

  /** A hang guard for a probe, not a performance threshold: probes answer within a second. */
  private static final long PROBE_BOUND_SECONDS = 60;

  public Tool {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a tool needs a name");
    }
    if (hint.isBlank()) {
      throw new IllegalArgumentException("no install hint for " + name);
    }
    probe = List.copyOf(probe);
  }

  /** The tool an annotation asks for. */
  public static Tool of(RequiresTool annotation) {
    return new Tool(annotation.value(), annotation.hint(), List.of(annotation.probe()));
  }

  /**
   * What is missing on this machine, looking the name up on {@code pathVariable}; empty if none.
   */
  public Optional<MissingRequirement> check(@Nullable String pathVariable) {
    if (!probe.isEmpty()) {
      return probeProblem().map(problem -> new MissingRequirement(problem, hint));
    }
    if (isAbsolute(name)) {
      return Files.isExecutable(Path.of(name))
          ? Optional.empty()
          : Optional.of(new MissingRequirement(name + " is not installed", hint));
    }
    return onPath(pathVariable)
        ? Optional.empty()
        : Optional.of(new MissingRequirement(name + " is not installed (not on PATH)", hint));
  }

  private static boolean isAbsolute(String name) {
    try {
      return Path.of(name).isAbsolute();
    } catch (InvalidPathException e) {
      return false;
    }
  }

  private boolean onPath(@Nullable String pathVariable) {
    if (pathVariable == null || name.contains(File.separator)) {
      return false;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Why the probe says no, or empty when it exits 0. */
  private Optional<String> probeProblem() {
    String command =
        probe.stream()
            .map(word -> word.contains(" ") ? "'" + word + "'" : word)
            .collect(Collectors.joining(" "));
    Process p;
    try {
      p =
          new ProcessBuilder(probe)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return Optional.of(
          name + " is missing: `" + command + "` cannot start (" + e.getMessage() + ")");
    }
    try {
      if (!p.waitFor(PROBE_BOUND_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(name + " is missing: `" + command + "` did not finish");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.of(name + " is missing: `" + command + "` was interrupted");
    }
    return p.exitValue() == 0
        ? Optional.empty()
        : Optional.of(name + " is missing: `" + command + "` exits " + p.exitValue());
  }
}
