package dev.otlab.operations;

import dev.otlab.core.OtlabException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How often benign operations run.
 *
 * @param hmiPollSeconds period of every HMI's poll of every controller
 * @param operatorChangesPerHour mean rate of operator setpoint changes per HMI (Poisson); 0 = none
 * @param historianSeconds period of every historian's collection from every PLC
 * @param engineeringStatusSeconds period of every engineering workstation's status read
 * @param maintenanceStart start of the maintenance window in lab seconds, or null for none
 * @param maintenanceEnd end of the maintenance window in lab seconds, or null for none
 * @param pkiDir where OPC UA client certificates are kept
 * @param opcUaUser OPC UA user name of the historian
 * @param opcUaPassword its password
 * @param maintenanceDownloads whether the engineering workstations download their programs in the
 *     maintenance window (a window may be the vendor's remote sessions alone)
 * @param patience how many times the usual answer timeouts an operation waits for a device, a
 *     broker or a server before counting the request refused (1: a Modbus poll waits 1 s, an OPC
 *     UA, MQTT or remote-access opening 2 s)
 */
public record OperationsOptions(
    double hmiPollSeconds,
    double operatorChangesPerHour,
    double historianSeconds,
    double engineeringStatusSeconds,
    @Nullable Double maintenanceStart,
    @Nullable Double maintenanceEnd,
    Path pkiDir,
    String opcUaUser,
    String opcUaPassword,
    boolean maintenanceDownloads,
    double patience) {

  /**
   * The patience of operations in the container lab: its containers share the Docker host's cores,
   * and a JVM starting beside twenty others can stall for seconds, which the usual 1 s timeout of a
   * Modbus poll would count as a refusal by the conduit. A conduit that refuses closes or answers
   * at once, so waiting longer hides no refusal; only a silently dropped request waits the longer
   * time.
   */
  public static final double CONTAINER_PATIENCE = 5;

  public OperationsOptions {
    for (double p : new double[] {hmiPollSeconds, historianSeconds, engineeringStatusSeconds}) {
      if (!(p > 0) || !Double.isFinite(p)) {
        throw invalid("period " + p + " s is not a positive number", "Use a period such as 1 s.");
      }
    }
    if (!(operatorChangesPerHour >= 0) || !Double.isFinite(operatorChangesPerHour)) {
      throw invalid(
          "operator change rate " + operatorChangesPerHour + " per hour is not a number >= 0",
          "Use a rate such as 3 per hour, or 0 for none.");
    }
    if ((maintenanceStart == null) != (maintenanceEnd == null)) {
      throw invalid("maintenance window has only one end", "Give both start and end, or neither.");
    }
    if (maintenanceStart != null
        && maintenanceEnd != null
        && !(maintenanceStart >= 0 && maintenanceEnd > maintenanceStart)) {
      throw invalid(
          "maintenance window [" + maintenanceStart + ", " + maintenanceEnd + "] is not ordered",
          "Give 0 <= start < end in lab seconds.");
    }
    if (!(patience >= 1) || !Double.isFinite(patience)) {
      throw invalid(
          "patience " + patience + " is not a finite number of at least 1",
          "Use 1 for the usual timeouts, more on a loaded machine.");
    }
    if (opcUaUser.isBlank()) {
      throw invalid("OPC UA user is blank", "Give a user name such as operator.");
    }
  }

  /** Poll 1 s, 3 operator changes per hour, historian 10 s, status 300 s, no window. */
  public static OperationsOptions defaults(Path pkiDir) {
    return new OperationsOptions(
        1.0, 3, 10, 300, null, null, pkiDir, "operator", "operator", true, 1);
  }

  public OperationsOptions withMaintenanceWindow(double start, double end) {
    return withMaintenanceWindow(start, end, true);
  }

  /**
   * A maintenance window; {@code downloads} false when the engineering workstations download
   * nothing.
   */
  public OperationsOptions withMaintenanceWindow(double start, double end, boolean downloads) {
    return new OperationsOptions(
        hmiPollSeconds,
        operatorChangesPerHour,
        historianSeconds,
        engineeringStatusSeconds,
        start,
        end,
        pkiDir,
        opcUaUser,
        opcUaPassword,
        downloads,
        patience);
  }

  public OperationsOptions withOperatorChangesPerHour(double rate) {
    return new OperationsOptions(
        hmiPollSeconds,
        rate,
        historianSeconds,
        engineeringStatusSeconds,
        maintenanceStart,
        maintenanceEnd,
        pkiDir,
        opcUaUser,
        opcUaPassword,
        maintenanceDownloads,
        patience);
  }

  public OperationsOptions withPeriods(double hmiPoll, double historian, double engineeringStatus) {
    return new OperationsOptions(
        hmiPoll,
        operatorChangesPerHour,
        historian,
        engineeringStatus,
        maintenanceStart,
        maintenanceEnd,
        pkiDir,
        opcUaUser,
        opcUaPassword,
        maintenanceDownloads,
        patience);
  }

  public OperationsOptions withCredentials(String user, String password) {
    return new OperationsOptions(
        hmiPollSeconds,
        operatorChangesPerHour,
        historianSeconds,
        engineeringStatusSeconds,
        maintenanceStart,
        maintenanceEnd,
        pkiDir,
        user,
        password,
        maintenanceDownloads,
        patience);
  }

  /** Waiting {@code factor} times the usual answer timeouts (see {@link #patience}). */
  public OperationsOptions withPatience(double factor) {
    return new OperationsOptions(
        hmiPollSeconds,
        operatorChangesPerHour,
        historianSeconds,
        engineeringStatusSeconds,
        maintenanceStart,
        maintenanceEnd,
        pkiDir,
        opcUaUser,
        opcUaPassword,
        maintenanceDownloads,
        factor);
  }

  /** {@code usual} stretched by {@link #patience}. */
  public java.time.Duration timeout(java.time.Duration usual) {
    return java.time.Duration.ofNanos(Math.round(usual.toNanos() * patience));
  }

  /** Whether {@code t} lies in the maintenance window. */
  public boolean inMaintenance(double t) {
    return maintenanceStart != null
        && maintenanceEnd != null
        && t >= maintenanceStart
        && t < maintenanceEnd;
  }

  private static OtlabException invalid(String what, String fix) {
    return new OtlabException("OPERATIONS_INVALID", "Benign operations: " + what + ".", fix);
  }
}
