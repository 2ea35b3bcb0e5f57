package dev.otlab.cli;

import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import dev.otlab.core.ErrorCodes;
import dev.otlab.core.OtlabException;
import dev.otlab.library.ValidationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code otlab} command line. Exit status: 0 success, 1 failure while running, 2 bad input. */
@Command(
    name = "otlab",
    mixinStandardHelpOptions = true,
    version = "otlab 0.1.0",
    description =
        "Digital-twin lab for IT/OT security: plants, PLCs, conduits, attacks, detection.",
    subcommands = {
      PlantCommand.class,
      LabCommand.class,
      RunCommand.class,
      CheckCommand.class,
      NodeCommand.class,
      ComposeCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      SweepCommand.class,
      SweepTaskCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Exit status for bad options and invalid files. */
  public static final int BAD_INPUT = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit status. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof OtlabException oe) {
            err.println("otlab: " + oe.describe());
            return isBadInput(oe) ? BAD_INPUT : 1;
          }
          err.println("otlab: unexpected error: " + ex);
          ex.printStackTrace(err);
          return 1;
        });
    return cl.execute(args);
  }

  static boolean isBadInput(OtlabException e) {
    String c = e.code();
    // The registered category decides, as it decides an HTTP status: wrong, unknown or too large
    // input is the caller's to fix. The names below cover codes whose category says otherwise
    // but that the command line has always treated as bad input.
    boolean callersToFix =
        ErrorCodes.loaded()
            .find(c)
            .map(ErrorCode::category)
            .filter(
                k ->
                    k == ErrorCategory.VALIDATION
                        || k == ErrorCategory.NOT_FOUND
                        || k == ErrorCategory.TOO_LARGE)
            .isPresent();
    return callersToFix
        || e instanceof ValidationException
        || c.endsWith("_INVALID")
        || c.endsWith("_UNKNOWN")
        || c.endsWith("_MISMATCH")
        || c.endsWith("_TOO_LARGE")
        || c.startsWith("SET_")
        || c.equals("FILE_NOT_FOUND")
        || c.equals("PCAP_DIR_NOT_WRITABLE")
        || c.equals("LIBRARY_NAME_UNKNOWN");
  }
}
