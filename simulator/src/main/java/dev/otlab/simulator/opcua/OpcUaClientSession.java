package dev.otlab.simulator.opcua;

import dev.otlab.core.OtlabException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.SignedIdentityToken;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.AnonymousIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session with one otlab OPC UA server, for the lab's own clients (HMI polls, historian pulls,
 * attack steps, tests). It speaks in PLC ids and tags rather than node ids.
 *
 * <p>The session always talks to the address it was given. OPC UA servers advertise endpoint URLs
 * with their own host and port; a client that followed them would bypass the relay it was told to
 * use (and with it the conduit rules), so the selected endpoint's URL is replaced by the given one.
 *
 * <p>Server certificates are accepted without a trust list: the lab generates them on the fly. The
 * session's own certificate is created in {@code pkiDir} on first use and reused.
 */
public final class OpcUaClientSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpcUaClientSession.class);

  /** Milo's keep-alive period, longer than any lab run: none is sent. */
  static final UInteger KEEP_ALIVE_NEVER = Unsigned.uint(Integer.MAX_VALUE);

  /**
   * The session timeout a lab client asks for, in wall time without a request: an hour, so a slow
   * lab clock keeps its sessions without keep-alives. A server grants at most its own limit (Milo's
   * default, two minutes, for the lab's PLCs): below about 0.08x a historian polling every 10 lab
   * seconds may find its session lapsed.
   */
  private static final long IDLE_SESSION_MILLIS = 3_600_000L;

  private final OpcUaClient client;
  private final Options options;
  private final EndpointDescription endpoint;
  private final Map<String, Integer> namespaceIndexes = new ConcurrentHashMap<>();

  private OpcUaClientSession(OpcUaClient client, Options options, EndpointDescription endpoint) {
    this.client = client;
    this.options = options;
    this.endpoint = endpoint;
  }

  /**
   * How to connect.
   *
   * @param endpointUrl where to connect, e.g. {@code opc.tcp://127.0.0.1:4840/otlab}, or a relay's
   *     address with the server's path
   * @param securityMode the endpoint to select among those the server offers
   * @param identity who to log in as
   * @param pkiDir where the client keeps its application certificate
   * @param timeout connect and per-request timeout
   * @param applicationName the client's name; its application URI is {@code
   *     urn:otlab:client:<name>}
   */
  public record Options(
      String endpointUrl,
      OpcUaSecurityMode securityMode,
      ClientIdentity identity,
      Path pkiDir,
      Duration timeout,
      String applicationName) {

    public Options {
      URI uri;
      try {
        uri = URI.create(endpointUrl);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw invalidUrl(endpointUrl);
      }
      if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
        throw invalidUrl(endpointUrl);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new OtlabException(
            "OPCUA_CLIENT_INVALID",
            "OPC UA client timeout must be positive.",
            "Give a timeout such as 5 s.");
      }
      if (applicationName == null || !applicationName.matches("[A-Za-z0-9._\\-]+")) {
        throw new OtlabException(
            "OPCUA_CLIENT_INVALID",
            "OPC UA client name '" + applicationName + "' is not valid.",
            "Use letters, digits, '.', '_' or '-'.");
      }
    }

    /** Security None, the given identity, a 5 s timeout and the name {@code otlab-client}. */
    public static Options of(String endpointUrl, ClientIdentity identity, Path pkiDir) {
      return new Options(
          endpointUrl,
          OpcUaSecurityMode.NONE,
          identity,
          pkiDir,
          Duration.ofSeconds(5),
          "otlab-client");
    }

    public Options withSecurityMode(OpcUaSecurityMode mode) {
      return new Options(endpointUrl, mode, identity, pkiDir, timeout, applicationName);
    }

    public Options withIdentity(ClientIdentity id) {
      return new Options(endpointUrl, securityMode, id, pkiDir, timeout, applicationName);
    }

    public Options withTimeout(Duration t) {
      return new Options(endpointUrl, securityMode, identity, pkiDir, t, applicationName);
    }

    public Options withApplicationName(String name) {
      return new Options(endpointUrl, securityMode, identity, pkiDir, timeout, name);
    }

    private static OtlabException invalidUrl(@Nullable String url) {
      return new OtlabException(
          "OPCUA_CLIENT_INVALID",
          "'" + url + "' is not an opc.tcp endpoint URL with host and port.",
          "Use a URL such as opc.tcp://127.0.0.1:4840/otlab.");
    }
  }

  /**
   * One reading.
   *
   * @param value a Boolean or Double, or null when the status is bad and no value came
   * @param status the OPC UA status of the value (Good, Uncertain, Bad...)
   * @param sourceTime when the controller last updated the value, if the server said
   */
  public record TagReading(
      @Nullable Object value, StatusCode status, @Nullable Instant sourceTime) {

    /** The value as a number (booleans as 0 or 1), or NaN when there is none. */
    /** Whether the read succeeded with good quality. */
    public boolean isGood() {
      return status.isGood();
    }

    public double asDouble() {
      if (value instanceof Boolean b) {
        return b ? 1 : 0;
      }
      return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
  }

  /**
   * Connects and activates a session.
   *
   * @throws OtlabException {@code OPCUA_ENDPOINT_NOT_OFFERED} when the server has no endpoint with
   *     the requested security mode, {@code OPCUA_CONNECT_FAILED} otherwise (the cause carries the
   *     OPC UA status, see {@link #statusOf(Throwable)})
   */
  public static OpcUaClientSession connect(Options options) {
    List<EndpointDescription> offered = getEndpoints(options.endpointUrl(), options.timeout());
    String policyUri = options.securityMode().policy().getUri();
    EndpointDescription selected =
        offered.stream()
            .filter(e -> policyUri.equals(e.getSecurityPolicyUri()))
            .filter(e -> e.getSecurityMode() == options.securityMode().messageSecurityMode())
            .findFirst()
            .orElseThrow(
                () ->
                    new OtlabException(
                        "OPCUA_ENDPOINT_NOT_OFFERED",
                        options.endpointUrl()
                            + " offers no '"
                            + options.securityMode().label()
                            + "' endpoint (it offers "
                            + describe(offered)
                            + ").",
                        "Pick one of the offered security modes or change the server settings."));
    EndpointDescription rewritten = rewrite(selected, options.endpointUrl());

    String applicationUri = "urn:otlab:client:" + options.applicationName();
    OpcUaClientConfigBuilder config =
        OpcUaClientConfig.builder()
            .setEndpoint(rewritten)
            .setApplicationName(LocalizedText.english(options.applicationName()))
            .setApplicationUri(applicationUri)
            .setProductUri("urn:otlab:client")
            .setRequestTimeout(Unsigned.uint(options.timeout().toMillis()))
            // Milo's keep-alive reads the server state every few wall seconds: in a lab whose
            // clock runs at its own speed it would add requests at whatever lab time the clock
            // stands at then, so the same seed would not give the same trace. The lab's clients
            // act on the lab clock only; the session lives as long as the server allows idle.
            .setKeepAliveInterval(KEEP_ALIVE_NEVER)
            .setSessionTimeout(Unsigned.uint(IDLE_SESSION_MILLIS))
            .setCertificateValidator(new TrustAllServers())
            .setIdentityProvider(identityProvider(options.identity()));
    if (options.securityMode() != OpcUaSecurityMode.NONE) {
      ApplicationCertificate cert =
          ApplicationCertificate.loadOrCreate(
              options.pkiDir().resolve("client-" + options.applicationName() + ".p12"),
              applicationUri,
              options.applicationName(),
              List.of("localhost"));
      config
          .setKeyPair(cert.keyPair())
          .setCertificate(cert.certificate())
          .setCertificateChain(new X509Certificate[] {cert.certificate()});
    }
    OpcUaClient client;
    if (LoopbackClientTransport.serves(rewritten.getEndpointUrl())) {
      // The server or first relay is in this JVM: the same bytes, without sockets or hand-offs.
      client =
          new OpcUaClient(
              config.build(),
              new LoopbackClientTransport(
                  OpcTcpClientTransportConfig.newBuilder()
                      .setConnectTimeout(Unsigned.uint(options.timeout().toMillis()))
                      .build()));
    } else {
      try {
        client =
            OpcUaClient.create(
                config.build(),
                transport ->
                    transport.setConnectTimeout(Unsigned.uint(options.timeout().toMillis())));
      } catch (UaException e) {
        throw connectFailed(options, e);
      }
    }
    try {
      client.connectAsync().get(options.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      disconnectQuietly(client);
      throw connectFailed(options, e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      disconnectQuietly(client);
      throw connectFailed(options, e);
    }
    return new OpcUaClientSession(client, options, rewritten);
  }

  /** GetEndpoints on a None channel, as the server describes itself (URLs not rewritten). */
  public static List<EndpointDescription> getEndpoints(String endpointUrl, Duration timeout) {
    try {
      return DiscoveryClient.getEndpoints(
              endpointUrl, t -> t.setConnectTimeout(Unsigned.uint(timeout.toMillis())))
          .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new OtlabException(
          "OPCUA_CONNECT_FAILED",
          "GetEndpoints on " + endpointUrl + " failed: " + describe(cause) + ".",
          "Check that the server runs and that the conduit allows OPC UA from this host.",
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlabException(
          "OPCUA_CONNECT_FAILED", "Interrupted during GetEndpoints.", "Retry.", e);
    }
  }

  /**
   * Whether a failure is the server refusing the identity (wrong password, unknown user, anonymous
   * not allowed), as opposed to a transport or conduit problem.
   */
  public static boolean identityRefused(@Nullable Throwable t) {
    return statusOf(t)
        .map(StatusCode::getValue)
        .filter(
            v ->
                v == StatusCodes.Bad_UserAccessDenied
                    || v == StatusCodes.Bad_IdentityTokenInvalid
                    || v == StatusCodes.Bad_IdentityTokenRejected)
        .isPresent();
  }

  /** The OPC UA status carried by an exception from this class or Milo, if any. */
  public static Optional<StatusCode> statusOf(@Nullable Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UaException ua) {
        return Optional.of(ua.getStatusCode());
      }
    }
    return Optional.empty();
  }

  /** The endpoint in use, with the URL this session was given. */
  public EndpointDescription endpoint() {
    return endpoint;
  }

  public Options options() {
    return options;
  }

  /** Milo's client, for what this class does not wrap (subscriptions, raw services). */
  public OpcUaClient client() {
    return client;
  }

  /** Namespace index of {@code urn:otlab:plc:<plcId>} on this server. */
  public int namespaceIndex(String plcId) {
    Integer cached = namespaceIndexes.get(plcId);
    if (cached != null) {
      return cached;
    }
    String uri = PlcNamespace.URI_PREFIX + plcId;
    try {
      var idx = client.getNamespaceTable().getIndex(uri);
      if (idx == null) {
        idx = client.readNamespaceTable().getIndex(uri);
      }
      if (idx == null) {
        throw new OtlabException(
            "OPCUA_PLC_UNKNOWN",
            "The server at " + options.endpointUrl() + " has no namespace " + uri + ".",
            "Check the PLC id and the endpoint URL.");
      }
      namespaceIndexes.put(plcId, idx.intValue());
      return idx.intValue();
    } catch (UaException e) {
      throw requestFailed("read the namespace table", e);
    }
  }

  /** Node id of a tag: {@code ns=<idx>;s=<plcId>.<tag>}. */
  public NodeId nodeId(String plcId, String tag) {
    return new NodeId(namespaceIndex(plcId), PlcNamespace.nodeIdentifier(plcId, tag));
  }

  /** Browse names of the variables in the PLC's folder, in server order. */
  public List<String> browseTags(String plcId) {
    NodeId folder = new NodeId(namespaceIndex(plcId), plcId);
    BrowseDescription request =
        new BrowseDescription(
            folder,
            BrowseDirection.Forward,
            NodeIds.HierarchicalReferences,
            true,
            Unsigned.uint(NodeClass.Variable.getValue()),
            Unsigned.uint(BrowseResultMask.All.getValue()));
    List<String> tags = new ArrayList<>();
    try {
      BrowseResult result = client.browse(request);
      while (true) {
        if (result.getStatusCode().isBad()) {
          throw new OtlabException(
              "OPCUA_REQUEST_FAILED",
              "Browsing " + plcId + " failed with " + result.getStatusCode() + ".",
              "Check the PLC id and the session's permissions.",
              new UaException(result.getStatusCode()));
        }
        ReferenceDescription[] refs = result.getReferences();
        if (refs != null) {
          for (ReferenceDescription r : refs) {
            tags.add(r.getBrowseName().name());
          }
        }
        ByteString cp = result.getContinuationPoint();
        if (cp == null || cp.isNullOrEmpty()) {
          return tags;
        }
        result = client.browseNext(false, List.of(cp)).getResults()[0];
      }
    } catch (UaException e) {
      throw requestFailed("browse " + plcId, e);
    }
  }

  /** Reads a tag's value, status and source timestamp. */
  public TagReading readTag(String plcId, String tag) {
    try {
      DataValue dv = client.readValue(0.0, TimestampsToReturn.Both, nodeId(plcId, tag));
      DateTime src = dv.sourceTime();
      return new TagReading(
          dv.value().value(),
          dv.statusCode() == null ? StatusCode.GOOD : dv.statusCode(),
          src == null || src.isNull() ? null : src.getJavaInstant());
    } catch (UaException e) {
      throw requestFailed("read " + plcId + "." + tag, e);
    }
  }

  /**
   * Reads several tags of one PLC in one Read request (one round trip, as a gateway reads its
   * points), in the order given.
   */
  public List<TagReading> readTags(String plcId, List<String> tags) {
    List<NodeId> nodes = new java.util.ArrayList<>(tags.size());
    for (String tag : tags) {
      nodes.add(nodeId(plcId, tag));
    }
    try {
      List<DataValue> values = client.readValues(0.0, TimestampsToReturn.Both, nodes);
      List<TagReading> out = new java.util.ArrayList<>(values.size());
      for (DataValue dv : values) {
        DateTime src = dv.sourceTime();
        out.add(
            new TagReading(
                dv.value().value(),
                dv.statusCode() == null ? StatusCode.GOOD : dv.statusCode(),
                src == null || src.isNull() ? null : src.getJavaInstant()));
      }
      return out;
    } catch (UaException e) {
      throw requestFailed("read " + plcId + " " + tags, e);
    }
  }

  /**
   * Writes a tag and returns the server's verdict (Good, Bad_NotWritable, Bad_OutOfRange...).
   * Numbers are sent as Double because every numeric tag is a Double variable; a {@link Variant} is
   * sent as is, and anything else (a String, say) is sent as its own type so that the server's type
   * check can be exercised.
   */
  public StatusCode writeTag(String plcId, String tag, Object value) {
    Variant v;
    if (value instanceof Variant variant) {
      v = variant;
    } else if (value instanceof Number n && !(value instanceof Double)) {
      v = new Variant(n.doubleValue());
    } else {
      v = new Variant(value);
    }
    try {
      List<StatusCode> results =
          client.writeValues(List.of(nodeId(plcId, tag)), List.of(DataValue.valueOnly(v)));
      return results.get(0);
    } catch (UaException e) {
      throw requestFailed("write " + plcId + "." + tag, e);
    }
  }

  /**
   * Writes a tag like {@link #writeTag} for a caller that stays clear of Milo's types (benign
   * operations): null when the server answered Good, else its status as text.
   */
  public @Nullable String writeTagRefusal(String plcId, String tag, Object value) {
    StatusCode sc = writeTag(plcId, tag, value);
    return sc.isGood() ? null : sc.toString();
  }

  @Override
  public void close() {
    disconnectQuietly(client);
  }

  private OtlabException requestFailed(String what, UaException e) {
    return new OtlabException(
        "OPCUA_REQUEST_FAILED",
        "Could not " + what + " on " + options.endpointUrl() + ": " + describe(e) + ".",
        "Check the connection and the tag name.",
        e);
  }

  private static OtlabException connectFailed(Options options, Throwable cause) {
    return new OtlabException(
        "OPCUA_CONNECT_FAILED",
        "OPC UA session to "
            + options.endpointUrl()
            + " ("
            + options.securityMode().label()
            + ", "
            + options.identity()
            + ") failed: "
            + describe(cause)
            + ".",
        "Check the endpoint URL, security mode and credentials, and that the conduit allows it.",
        cause);
  }

  private static String describe(@Nullable Throwable t) {
    Optional<StatusCode> status = statusOf(t);
    if (status.isPresent()) {
      return status.get().toString();
    }
    return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static String describe(List<EndpointDescription> endpoints) {
    return endpoints.stream()
        .map(
            e ->
                SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                    .flatMap(p -> OpcUaSecurityMode.of(p, e.getSecurityMode()))
                    .map(OpcUaSecurityMode::label)
                    .orElse(e.getSecurityPolicyUri() + " " + e.getSecurityMode()))
        .distinct()
        .collect(Collectors.joining(", "));
  }

  private static EndpointDescription rewrite(EndpointDescription e, String endpointUrl) {
    return new EndpointDescription(
        endpointUrl,
        e.getServer(),
        e.getServerCertificate(),
        e.getSecurityMode(),
        e.getSecurityPolicyUri(),
        e.getUserIdentityTokens(),
        e.getTransportProfileUri(),
        e.getSecurityLevel());
  }

  private static IdentityProvider identityProvider(ClientIdentity identity) {
    if (identity instanceof ClientIdentity.UserPassword up) {
      return new UsernameProvider(up.username(), up.password(), new TrustAllServers());
    }
    return (endpoint, serverNonce) -> {
      UserTokenPolicy[] policies = endpoint.getUserIdentityTokens();
      String policyId = "anonymous";
      if (policies != null) {
        for (UserTokenPolicy p : policies) {
          if (p.getTokenType() == UserTokenType.Anonymous) {
            policyId = p.getPolicyId();
            break;
          }
        }
      }
      return new SignedIdentityToken(
          new AnonymousIdentityToken(policyId), new SignatureData(null, null));
    };
  }

  private static void disconnectQuietly(OpcUaClient client) {
    try {
      client.disconnectAsync().get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("disconnect", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lab clients accept whatever certificate a lab server presents; see the class comment. */
  private static final class TrustAllServers implements CertificateValidator {
    @Override
    public void validateCertificateChain(
        List<X509Certificate> certificateChain,
        @Nullable String applicationUri,
        String @Nullable [] validHostnames) {
      // Nothing to check against: lab servers mint their certificates on first start.
    }
  }
}
