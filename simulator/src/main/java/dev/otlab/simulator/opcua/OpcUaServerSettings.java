package dev.otlab.simulator.opcua;

import dev.otlab.core.OtlabException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one PLC's OPC UA server is exposed. In the lab these values come from the architecture file,
 * because OPC UA security is part of what a run evaluates. The defaults suit a plain lab run:
 * loopback only, a free port, None and Basic256Sha256 SignAndEncrypt, anonymous access on; an
 * architecture that wants a hardened PLC says so explicitly.
 *
 * @param bindAddress address the server listens on; loopback by default
 * @param port TCP port, or 0 to pick a free one at start ({@link PlcOpcUaServer#endpointUrl()} then
 *     names the port actually bound)
 * @param path endpoint path, e.g. {@code /otlab}
 * @param advertisedHost host name written into endpoint descriptions and the certificate; null
 *     means the bind address (or {@code localhost} for a wildcard bind)
 * @param securityModes modes offered; at least one
 * @param anonymousAllowed whether the anonymous identity token is accepted
 * @param users user name to password; plain text, because lab credentials are test data
 * @param pkiDir where the server keeps its certificate (generated on first start, then reused) and,
 *     when {@code trustAllClients} is false, its trusted and rejected client certificates
 * @param trustAllClients accept any client application certificate. A lab setting: it keeps
 *     scenarios free of certificate exchange, but it means Sign/SignAndEncrypt authenticate the
 *     channel, not the client application. Set it to false to require certificates copied into
 *     {@code pkiDir/trusted/certs}.
 * @param limits message and request limits, tightened well below Milo's defaults
 */
public record OpcUaServerSettings(
    String bindAddress,
    int port,
    String path,
    @Nullable String advertisedHost,
    Set<OpcUaSecurityMode> securityModes,
    boolean anonymousAllowed,
    Map<String, String> users,
    Path pkiDir,
    boolean trustAllClients,
    Limits limits) {

  /** Default bind address: loopback only. */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

  /** Default endpoint path. */
  public static final String DEFAULT_PATH = "/otlab";

  private static final int MAX_PASSWORD_LENGTH = 256;

  public OpcUaServerSettings {
    if (bindAddress == null
        || bindAddress.isBlank()
        || !bindAddress.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
      throw invalid(
          "bind address '" + bindAddress + "' is not a host name or IP address",
          "Use an address such as 127.0.0.1.");
    }
    if (port < 0 || port > 65_535) {
      throw invalid("port " + port + " is outside 0..65535", "Use a free port, or 0 to pick one.");
    }
    if (path == null || !path.matches("(/[A-Za-z0-9._\\-]+)*") || path.endsWith("/discovery")) {
      throw invalid(
          "endpoint path '" + path + "' is not valid",
          "Use a path such as /otlab (letters, digits, '.', '_', '-' between slashes; not"
              + " ending in /discovery), or an empty path.");
    }
    if (advertisedHost != null && !advertisedHost.matches("[A-Za-z0-9.\\-]+")) {
      throw invalid(
          "advertised host '" + advertisedHost + "' is not a host name or IPv4 address",
          "Use a name such as plc-intake.lab or leave it unset.");
    }
    if (securityModes == null || securityModes.isEmpty()) {
      throw invalid(
          "no security mode is offered",
          "List at least one of " + OpcUaSecurityMode.allowedLabels() + ".");
    }
    // In the enum's order: Set.copyOf iterates in an order salted per JVM, and the endpoints are
    // offered (and a discovery step reports them) in this order.
    securityModes = Collections.unmodifiableSet(EnumSet.copyOf(securityModes));
    users = users == null ? Map.of() : users;
    for (Map.Entry<String, String> e : users.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getKey().length() > 64) {
        throw invalid(
            "user name '" + e.getKey() + "' is blank or too long", "Use 1 to 64 characters.");
      }
      if (e.getValue() == null
          || e.getValue().isEmpty()
          || e.getValue().length() > MAX_PASSWORD_LENGTH) {
        throw invalid(
            "user '" + e.getKey() + "' has an empty or too long password",
            "Give a password of 1 to " + MAX_PASSWORD_LENGTH + " characters.");
      }
    }
    users = Map.copyOf(users);
    if (!anonymousAllowed && users.isEmpty()) {
      // Milo would fall back to an anonymous token policy when no policy is configured.
      throw invalid(
          "anonymous access is off and no user is configured, so nobody could log in",
          "Add a user or allow anonymous access.");
    }
    if (pkiDir == null) {
      throw invalid("no PKI directory is set", "Give a directory for the server certificate.");
    }
    if (limits == null) {
      limits = Limits.defaults();
    }
  }

  /** Loopback, a free port, {@code /otlab}, SignAndEncrypt and None, anonymous on, no users. */
  public static OpcUaServerSettings defaults() {
    return new OpcUaServerSettings(
        DEFAULT_BIND_ADDRESS,
        0,
        DEFAULT_PATH,
        null,
        EnumSet.of(OpcUaSecurityMode.NONE, OpcUaSecurityMode.BASIC256SHA256_SIGN_AND_ENCRYPT),
        true,
        Map.of(),
        Path.of(System.getProperty("java.io.tmpdir"), "otlab", "opcua-pki"),
        true,
        Limits.defaults());
  }

  /**
   * Parses security modes as plant files spell them.
   *
   * @throws OtlabException {@code OPCUA_SECURITY_INVALID} naming what is allowed
   */
  public static Set<OpcUaSecurityMode> parseSecurityModes(Iterable<String> labels) {
    EnumSet<OpcUaSecurityMode> modes = EnumSet.noneOf(OpcUaSecurityMode.class);
    for (String label : labels) {
      modes.add(OpcUaSecurityMode.parse(label));
    }
    return modes;
  }

  public OpcUaServerSettings withBindAddress(String value) {
    return new OpcUaServerSettings(
        value,
        port,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withPort(int value) {
    return new OpcUaServerSettings(
        bindAddress,
        value,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withPath(String value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        value,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withAdvertisedHost(@Nullable String value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        value,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withSecurityModes(Set<OpcUaSecurityMode> value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        value,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withAnonymousAllowed(boolean value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        securityModes,
        value,
        users,
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withUsers(Map<String, String> value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        new LinkedHashMap<>(value),
        pkiDir,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withPkiDir(Path value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        value,
        trustAllClients,
        limits);
  }

  public OpcUaServerSettings withTrustAllClients(boolean value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        value,
        limits);
  }

  public OpcUaServerSettings withLimits(Limits value) {
    return new OpcUaServerSettings(
        bindAddress,
        port,
        path,
        advertisedHost,
        securityModes,
        anonymousAllowed,
        users,
        pkiDir,
        trustAllClients,
        value);
  }

  /** The host clients are told to use. */
  public String effectiveHost() {
    if (advertisedHost != null) {
      return advertisedHost;
    }
    boolean wildcard =
        bindAddress.equals("0.0.0.0") || bindAddress.equals("::") || bindAddress.equals("[::]");
    return wildcard ? "localhost" : bindAddress;
  }

  /** Don't print passwords into logs and reports. */
  @Override
  public String toString() {
    return "OpcUaServerSettings[bindAddress="
        + bindAddress
        + ", port="
        + port
        + ", path="
        + path
        + ", advertisedHost="
        + advertisedHost
        + ", securityModes="
        + securityModes
        + ", anonymousAllowed="
        + anonymousAllowed
        + ", users="
        + users.keySet()
        + ", pkiDir="
        + pkiDir
        + ", trustAllClients="
        + trustAllClients
        + ", limits="
        + limits
        + "]";
  }

  private static OtlabException invalid(String what, String fix) {
    return new OtlabException(
        "OPCUA_SETTINGS_INVALID", "OPC UA server settings: " + what + ".", fix);
  }

  /**
   * Message and request limits. Milo's defaults (2 MiB messages, 1 MiB strings and arrays, 10 000
   * nodes per read, 100 sessions) suit a production gateway; a soft PLC with a few dozen tags needs
   * far less, and tighter limits are what an attack scenario's fuzzing step should hit.
   *
   * @param maxMessageSize largest request or response, in bytes
   * @param maxChunkSize largest message chunk, in bytes (Milo needs at least 8196)
   * @param maxChunkCount most chunks per message
   * @param maxRecursionDepth deepest nesting of variants and diagnostic infos a decoder follows
   * @param maxArrayLength longest array (advertised in ServerCapabilities)
   * @param maxStringLength longest string and byte string (advertised in ServerCapabilities)
   * @param maxNodesPerCall most nodes per read, write, browse, translate or register call
   * @param maxSessions most concurrent sessions
   * @param maxSubscriptionsPerSession most subscriptions one session may create
   * @param maxMonitoredItemsPerSession most monitored items one session may create
   */
  public record Limits(
      int maxMessageSize,
      int maxChunkSize,
      int maxChunkCount,
      int maxRecursionDepth,
      int maxArrayLength,
      int maxStringLength,
      int maxNodesPerCall,
      int maxSessions,
      int maxSubscriptionsPerSession,
      int maxMonitoredItemsPerSession) {

    public Limits {
      positive("maxMessageSize", maxMessageSize);
      positive("maxChunkCount", maxChunkCount);
      positive("maxRecursionDepth", maxRecursionDepth);
      positive("maxArrayLength", maxArrayLength);
      positive("maxStringLength", maxStringLength);
      positive("maxNodesPerCall", maxNodesPerCall);
      positive("maxSessions", maxSessions);
      positive("maxSubscriptionsPerSession", maxSubscriptionsPerSession);
      positive("maxMonitoredItemsPerSession", maxMonitoredItemsPerSession);
      if (maxChunkSize < 8196 || maxChunkSize > 65_535) {
        throw invalid(
            "maxChunkSize " + maxChunkSize + " is outside 8196..65535",
            "Use 65535 unless a scenario needs smaller chunks.");
      }
      if (maxMessageSize < maxChunkSize) {
        throw invalid(
            "maxMessageSize " + maxMessageSize + " is smaller than maxChunkSize " + maxChunkSize,
            "Allow at least one full chunk per message.");
      }
      if ((long) maxChunkSize * maxChunkCount < maxMessageSize) {
        throw invalid(
            maxChunkCount
                + " chunks of "
                + maxChunkSize
                + " bytes cannot carry a "
                + maxMessageSize
                + "-byte message",
            "Raise maxChunkCount or lower maxMessageSize.");
      }
    }

    /** 1 MiB messages, 64 KiB strings, 10 000-element arrays, 1 000 nodes per call, 32 sessions. */
    public static Limits defaults() {
      return new Limits(1 << 20, 65_535, 32, 32, 10_000, 64 * 1024, 1_000, 32, 10, 1_000);
    }

    private static void positive(String name, int value) {
      if (value < 1) {
        throw invalid(
            name + " " + value + " is not positive", "Give " + name + " a value of 1 or more.");
      }
    }
  }
}
