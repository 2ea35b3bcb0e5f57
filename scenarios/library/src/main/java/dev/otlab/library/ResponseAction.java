package dev.otlab.library;

import dev.otlab.network.Protocol;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One thing a defender does to a running lab, on concrete ids of the architecture it runs (a
 * playbook's references such as {@code alert.source} or {@code plc:plc-intake} are resolved to
 * these before it acts). Every action has operational side effects the lab models and records: an
 * isolated host's own work stops, a closed conduit denies benign traffic too, a PLC in a safe state
 * no longer controls its loop.
 *
 * <p>The YAML name of each kind ({@link #kind()}) is what playbooks, the API and the CLI write.
 */
public sealed interface ResponseAction {

  /** The kind as files and the API name it: {@code isolate-host}, {@code safe-state}, ... */
  String kind();

  /** What it does, in one line for people: "isolate host jump-1". */
  String describe();

  /**
   * Isolate a host: every relay refuses new connections from or to it and closes its live ones. Its
   * own benign work (polls, sessions) is denied from then on.
   */
  record IsolateHost(String host) implements ResponseAction {
    public IsolateHost {
      requireId("host", host);
    }

    @Override
    public String kind() {
      return "isolate-host";
    }

    @Override
    public String describe() {
      return "isolate host " + host;
    }
  }

  /**
   * Block one flow: a DENY rule for {@code source} to {@code destination} (on one protocol, or any)
   * goes first in the conduit named, or in every conduit on the flow's path; live connections of
   * the flow are closed, other connections keep running.
   *
   * @param protocol the protocol to block, or null for any
   * @param conduit the conduit to change, or null for every conduit on the path
   */
  record BlockFlow(
      String source, String destination, @Nullable Protocol protocol, @Nullable String conduit)
      implements ResponseAction {
    public BlockFlow {
      requireId("source", source);
      requireId("destination", destination);
      if (conduit != null) {
        requireId("conduit", conduit);
      }
    }

    @Override
    public String kind() {
      return "block-flow";
    }

    @Override
    public String describe() {
      return "block "
          + source
          + " -> "
          + destination
          + (protocol == null ? "" : " " + protocol.name().toLowerCase(Locale.ROOT))
          + (conduit == null ? "" : " at " + conduit);
    }
  }

  /**
   * Tighten a conduit at run time: its relays reload the changed rules without dropping the
   * connections the new rules still allow.
   */
  record TightenConduit(String conduit, Tightening to) implements ResponseAction {
    public TightenConduit {
      requireId("conduit", conduit);
      if (to == null) {
        throw new IllegalArgumentException("tighten-conduit says what to tighten to");
      }
    }

    @Override
    public String kind() {
      return "tighten-conduit";
    }

    @Override
    public String describe() {
      return "tighten conduit " + conduit + " to " + to.yaml();
    }
  }

  /** What a conduit is tightened to. */
  enum Tightening {
    /**
     * Reads only: Modbus function codes 1 to 4, OPC UA without Write and Call, MQTT subscriptions
     * without publishes; every other rule of the conduit stays as it was.
     */
    READ_ONLY,
    /** Closed: the conduit denies everything, as if the cable were pulled. */
    CLOSED;

    /** The name files use: {@code read-only}, {@code closed}. */
    public String yaml() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Close the live connections from {@code source} to {@code destination}; new ones may follow. */
  record KillConnections(String source, String destination) implements ResponseAction {
    public KillConnections {
      requireId("source", source);
      requireId("destination", destination);
    }

    @Override
    public String kind() {
      return "kill-connections";
    }

    @Override
    public String describe() {
      return "kill connections " + source + " -> " + destination;
    }
  }

  /**
   * Disable an account: nobody logs in with it any more, the attacker with a stolen copy nor the
   * benign sessions that use it.
   */
  record DisableAccount(String account) implements ResponseAction {
    public DisableAccount {
      requireId("account", account);
    }

    @Override
    public String kind() {
      return "disable-account";
    }

    @Override
    public String describe() {
      return "disable account " + account;
    }
  }

  /**
   * Reset an account's password: a copy stolen before the reset opens nothing, the owners go on
   * with the new one; a host that keeps the password keeps the new one (a later harvest takes it).
   */
  record ResetCredential(String account) implements ResponseAction {
    public ResetCredential {
      requireId("account", account);
    }

    @Override
    public String kind() {
      return "reset-credential";
    }

    @Override
    public String describe() {
      return "reset the password of account " + account;
    }
  }

  /**
   * Put a controller into a safe state: {@link SafeMode#MANUAL} holds every loop it runs in manual
   * at the plant's safe outputs; {@link SafeMode#STOP} stops its program, where the plant tolerates
   * a stopped controller.
   */
  record SafeState(String controller, SafeMode mode) implements ResponseAction {
    public SafeState {
      requireId("controller", controller);
      if (mode == null) {
        throw new IllegalArgumentException("safe-state says which mode: manual or stop");
      }
    }

    @Override
    public String kind() {
      return "safe-state";
    }

    @Override
    public String describe() {
      return "put " + controller + " into a safe state (" + mode.yaml() + ")";
    }
  }

  /** How a controller is made safe. */
  enum SafeMode {
    /** Loops in manual at safe outputs; the program keeps scanning (interlocks stay live). */
    MANUAL,
    /** Program stopped; outputs hold their last values. */
    STOP;

    /** The name files use. */
    public String yaml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Restore a controller's program from the golden copy the plant file holds, and run it. */
  record RestoreProgram(String controller) implements ResponseAction {
    public RestoreProgram {
      requireId("controller", controller);
    }

    @Override
    public String kind() {
      return "restore-program";
    }

    @Override
    public String describe() {
      return "restore the golden program of " + controller;
    }
  }

  /** Clear every bypass of a safety controller and reset its trips whose demand is gone. */
  record ResetSis(String controller) implements ResponseAction {
    public ResetSis {
      requireId("controller", controller);
    }

    @Override
    public String kind() {
      return "reset-sis";
    }

    @Override
    public String describe() {
      return "clear the bypasses and reset the trips of " + controller;
    }
  }

  /**
   * An operator's manual action through an HMI: the HMI writes {@code value} to {@code tag} (start
   * a pump, close a valve), as real traffic through the conduits, switching the loop that drives
   * the tag to manual first.
   *
   * @param hmi the HMI host that writes, or null for the architecture's first HMI
   */
  record OperatorAction(@Nullable String hmi, String tag, double value) implements ResponseAction {
    public OperatorAction {
      if (hmi != null) {
        requireId("hmi", hmi);
      }
      requireId("tag", tag);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("an operator action writes a finite value to " + tag);
      }
    }

    @Override
    public String kind() {
      return "operator";
    }

    @Override
    public String describe() {
      return "operator sets " + tag + " to " + value + (hmi == null ? "" : " from " + hmi);
    }
  }

  private static void requireId(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the action names its " + what);
    }
  }
}
