package dev.otlab.operations;

import dev.otlab.core.OtlabException;
import dev.otlab.network.HostSpec;
import dev.otlab.network.fabric.Access;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.opcua.OpcUaSecurityMode;
import dev.otlab.simulator.opcua.OpcUaServerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OPC UA sessions benign actors keep open between rounds (the historian's, the IIoT gateways'),
 * by a key the actor chooses. The historian and the gateways open theirs the same way, so the
 * sensors see one kind of client: a Hello probe first (a refused Hello is the conduits' or the
 * server's answer, and no session is attempted), then a session with the operations' OPC UA user,
 * the given security mode, a short timeout and an application name naming the actor. Once stopped
 * it keeps nothing: a session that finishes opening after {@link #stop()} is closed at once.
 */
final class UaSessions {

  static final Duration OPCUA_TIMEOUT = Duration.ofSeconds(2);

  private final OperationsOptions options;
  private final Map<String, OpcUaClientSession> sessions = new LinkedHashMap<>();
  // Where each kept session's route led when it opened: a route that changed since (a response
  // isolated a host) is followed with a new session, as a client does after its peer moved.
  private final Map<String, String> urls = new LinkedHashMap<>();
  private boolean running;

  UaSessions(OperationsOptions options) {
    this.options = options;
  }

  /** Keeps the sessions opened from now on. */
  synchronized void start() {
    running = true;
  }

  /**
   * The session kept under {@code key}, or a new one from {@code actor} to the server {@code
   * access} leads to, kept under {@code key}.
   *
   * @throws BenignOperations.Refused when the server or the path refuses the Hello
   * @throws OtlabException when the session does not open, or the sessions were stopped meanwhile
   */
  OpcUaClientSession get(String key, HostSpec actor, Access access, OpcUaSecurityMode mode) {
    OpcUaClientSession s;
    boolean moved;
    synchronized (this) {
      s = sessions.get(key);
      moved = s != null && !url(access).equals(urls.get(key));
    }
    if (s != null && !moved) {
      return s;
    }
    if (moved) {
      close(key);
    }
    Optional<String> refused =
        UaProbe.refusal(
            access.address(),
            access.port(),
            url(access),
            (int) options.timeout(OPCUA_TIMEOUT).toMillis());
    if (refused.isPresent()) {
      throw new BenignOperations.Refused(refused.get());
    }
    s = OpcUaClientSession.connect(options(actor, access, mode));
    synchronized (this) {
      if (!running) {
        s.close();
        throw new OtlabException(
            "OPERATIONS_STOPPED", "Benign operations stopped.", "Nothing to do.");
      }
      sessions.put(key, s);
      urls.put(key, url(access));
    }
    return s;
  }

  /** How {@code actor} opens a session to the server {@code access} leads to. */
  OpcUaClientSession.Options options(HostSpec actor, Access access, OpcUaSecurityMode mode) {
    return OpcUaClientSession.Options.of(
            url(access),
            ClientIdentity.user(options.opcUaUser(), options.opcUaPassword()),
            options.pkiDir())
        .withSecurityMode(mode)
        .withTimeout(options.timeout(OPCUA_TIMEOUT))
        .withApplicationName("otlab-" + actor.id().replaceAll("[^A-Za-z0-9._-]", "-"));
  }

  private static String url(Access access) {
    return "opc.tcp://" + access.address() + ":" + access.port() + OpcUaServerSettings.DEFAULT_PATH;
  }

  /** Closes the session kept under {@code key}, if any: the next {@link #get} opens a new one. */
  void close(String key) {
    OpcUaClientSession s;
    synchronized (this) {
      s = sessions.remove(key);
      urls.remove(key);
    }
    if (s != null) {
      s.close();
    }
  }

  /** Closes every session and keeps none opened from now on. */
  void stop() {
    List<OpcUaClientSession> open;
    synchronized (this) {
      running = false;
      open = new ArrayList<>(sessions.values());
      sessions.clear();
      urls.clear();
    }
    open.forEach(OpcUaClientSession::close);
  }

  synchronized int size() {
    return sessions.size();
  }
}
