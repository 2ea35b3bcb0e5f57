package dev.otlab.simulator.opcua;

import dev.otlab.core.Lifecycle;
import dev.otlab.core.OtlabException;
import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.DeviceIdentity;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.AccessController;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.AccessController.AccessResult;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.structured.AddReferencesItem;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteNodesItem;
import org.eclipse.milo.opcua.stack.core.types.structured.DeleteReferencesItem;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.transport.server.OpcServerTransportFactory;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA server of one soft PLC: its own port, its own certificate, one namespace ({@code
 * urn:otlab:plc:<id>}) with a folder named after the PLC under Objects and one variable per point
 * (node id {@code ns=<idx>;s=<plcId>.<tag>}). Reads and writes go straight to the {@link
 * ControllerEndpoint}, so OPC UA and Modbus see the same values and the same validation.
 *
 * <p>Security modes, identities and limits come from {@link OpcUaServerSettings}; the certificate
 * is generated in the PKI directory on first start and reused afterwards.
 */
public final class PlcOpcUaServer implements Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(PlcOpcUaServer.class);
  private static final int FREE_PORT_ATTEMPTS = 5;
  private static final long START_TIMEOUT_SECONDS = 20;

  private final ControllerEndpoint endpoint;
  private final OpcUaServerSettings settings;

  private @Nullable OpcUaServer server;
  private @Nullable PlcNamespace namespace;
  private @Nullable Closeable trustList;
  private @Nullable ApplicationCertificate certificate;
  private int boundPort = -1;
  private @Nullable Instant startedAt;

  public PlcOpcUaServer(ControllerEndpoint endpoint, OpcUaServerSettings settings) {
    this.endpoint = endpoint;
    this.settings = settings;
  }

  /** {@code urn:otlab:server:<plcId>}; also the SAN URI of the server certificate. */
  public String applicationUri() {
    return "urn:otlab:server:" + endpoint.id();
  }

  /** {@code urn:otlab:plc:<plcId>}. */
  public String namespaceUri() {
    return PlcNamespace.URI_PREFIX + endpoint.id();
  }

  public OpcUaServerSettings settings() {
    return settings;
  }

  public ControllerEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      startOnce();
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void startOnce() {
    certificate =
        ApplicationCertificate.loadOrCreate(
            settings.pkiDir().resolve("server-" + endpoint.id() + ".p12"),
            applicationUri(),
            "otlab " + endpoint.id(),
            certificateHosts());
    OtlabException lastBindFailure = null;
    int attempts = settings.port() == 0 ? FREE_PORT_ATTEMPTS : 1;
    for (int attempt = 0; attempt < attempts; attempt++) {
      // Milo writes the port into every endpoint description before it binds, so a port chosen by
      // the kernel at bind time would be advertised as 0. Probe a free port first; another
      // process may grab it in between, hence the retries.
      int port = settings.port() == 0 ? freePort() : settings.port();
      try {
        startOn(port);
        return;
      } catch (OtlabException e) {
        lastBindFailure = e;
        releaseServer();
        if (!"OPCUA_BIND_FAILED".equals(e.code())) {
          throw e;
        }
      }
    }
    throw lastBindFailure;
  }

  private void startOn(int port) {
    ApplicationCertificate cert = certificate;
    // Truncated to what an OPC UA DateTime (100 ns ticks) and most clients keep.
    startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    LabServer s =
        new LabServer(
            config(port, cert),
            profile ->
                profile == TransportProfile.TCP_UASC_UABINARY
                    ? new LoopbackServerTransport(
                        OpcTcpServerTransportConfig.newBuilder()
                            .setHelloDeadline(Unsigned.uint(5_000))
                            .build())
                    : null);
    server = s;
    lockDiagnostics(s);
    PlcNamespace ns = new PlcNamespace(s, endpoint, startedAt);
    namespace = ns;
    s.readOnlyPoints = ns::isReadOnlyPoint;
    ns.startup();
    try {
      s.startup().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new OtlabException(
          "OPCUA_BIND_FAILED",
          "OPC UA server of '"
              + endpoint.id()
              + "' could not bind "
              + settings.bindAddress()
              + ":"
              + port
              + " ("
              + e.getCause().getMessage()
              + ").",
          "Free the port or configure another one (0 picks a free port).",
          e.getCause());
    } catch (TimeoutException e) {
      throw new OtlabException(
          "OPCUA_START_FAILED",
          "OPC UA server of '"
              + endpoint.id()
              + "' did not start within "
              + START_TIMEOUT_SECONDS
              + " s.",
          "Check the log for Milo errors and retry.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlabException(
          "OPCUA_START_FAILED",
          "Interrupted while starting the OPC UA server.",
          "Retry the start.",
          e);
    }
    boundPort = port;
    LOG.info(
        "OPC UA server of {} listening on {} ({})",
        endpoint.id(),
        endpointUrl(),
        settings.securityModes());
  }

  private OpcUaServerConfig config(int port, ApplicationCertificate cert) {
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    for (OpcUaSecurityMode mode : settings.securityModes()) {
      EndpointConfig.Builder b =
          EndpointConfig.newBuilder()
              .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
              .setBindAddress(settings.bindAddress())
              .setBindPort(port)
              .setHostname(settings.effectiveHost())
              .setPath(settings.path())
              // Also on None endpoints: clients encrypt user passwords with it.
              .setCertificate(cert.certificate())
              .setSecurityPolicy(mode.policy())
              .setSecurityMode(mode.messageSecurityMode());
      if (settings.anonymousAllowed()) {
        b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
      }
      if (!settings.users().isEmpty()) {
        b.addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
      }
      endpoints.add(b.build());
    }
    DeviceIdentity id = endpoint.identity();
    String productUri = "urn:otlab:product:" + id.productCode();
    return OpcUaServerConfig.builder()
        .setApplicationUri(applicationUri())
        .setApplicationName(
            LocalizedText.english("otlab " + endpoint.id() + " (" + id.productName() + ")"))
        .setProductUri(productUri)
        .setBuildInfo(
            new BuildInfo(
                productUri,
                id.vendor(),
                id.productName(),
                id.revision(),
                id.modelName(),
                DateTime.MIN_VALUE))
        .setEndpoints(endpoints)
        .setCertificateManager(certificateManager(cert))
        .setIdentityValidator(identityValidator())
        .setEncodingLimits(encodingLimits())
        .setLimits(limits())
        // Service calls of in-process clients run on their own thread; see InProcessExecutor.
        .setExecutor(new InProcessExecutor(Stack.sharedExecutor()))
        .build();
  }

  private DefaultCertificateManager certificateManager(ApplicationCertificate cert) {
    TrustListManager trust;
    CertificateQuarantine quarantine;
    CertificateValidator validator;
    if (settings.trustAllClients()) {
      trust = new MemoryTrustListManager();
      quarantine = new MemoryCertificateQuarantine();
      validator = new TrustAllClients();
    } else {
      Path pki = settings.pkiDir().resolve("clients");
      try {
        FileBasedTrustListManager files = FileBasedTrustListManager.createAndInitialize(pki);
        trustList = files;
        trust = files;
        quarantine = FileBasedCertificateQuarantine.create(pki.resolve("rejected"));
      } catch (IOException e) {
        throw new OtlabException(
            "OPCUA_PKI_FAILED",
            "Could not open the client trust list in " + pki + ": " + e.getMessage() + ".",
            "Check that the PKI directory is writable.",
            e);
      }
      validator = new DefaultClientCertificateValidator(trust, quarantine);
    }
    CertificateStore store = new MemoryCertificateStore();
    try {
      store.set(
          NodeIds.RsaSha256ApplicationCertificateType,
          new CertificateStore.Entry(
              cert.keyPair().getPrivate(), new X509Certificate[] {cert.certificate()}));
    } catch (Exception e) {
      throw new IllegalStateException("memory certificate store refused an entry", e);
    }
    RsaSha256CertificateFactory factory =
        new RsaSha256CertificateFactory() {
          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(
              java.security.KeyPair keyPair) {
            // Only reached through certificate push/regeneration, which the lab does not offer.
            throw new UnsupportedOperationException(
                "otlab servers keep their PKI directory certificate");
          }
        };
    return new DefaultCertificateManager(
        quarantine, new DefaultApplicationGroup(trust, store, factory, validator));
  }

  private IdentityValidator identityValidator() {
    List<IdentityValidator> validators = new ArrayList<>();
    if (settings.anonymousAllowed()) {
      validators.add(AnonymousIdentityValidator.INSTANCE);
    }
    Map<String, String> users = settings.users();
    if (!users.isEmpty()) {
      validators.add(
          new UsernameIdentityValidator(
              challenge -> {
                String expected = users.get(challenge.getUsername());
                // Compare in constant time so password probing gets no timing signal.
                return expected != null
                    && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        challenge.getPassword().getBytes(StandardCharsets.UTF_8));
              }));
    }
    return new CompositeValidator(validators);
  }

  private EncodingLimits encodingLimits() {
    OpcUaServerSettings.Limits l = settings.limits();
    return new EncodingLimits(
        l.maxChunkSize(), l.maxChunkCount(), l.maxMessageSize(), l.maxRecursionDepth());
  }

  private OpcUaServerConfigLimits limits() {
    OpcUaServerSettings.Limits l = settings.limits();
    UInteger perCall = Unsigned.uint(l.maxNodesPerCall());
    return new OpcUaServerConfigLimits() {
      @Override
      public UInteger getMaxSessions() {
        return Unsigned.uint(l.maxSessions());
      }

      @Override
      public UInteger getMaxSubscriptionsPerSession() {
        return Unsigned.uint(l.maxSubscriptionsPerSession());
      }

      @Override
      public UInteger getMaxSubscriptions() {
        return Unsigned.uint(l.maxSessions() * l.maxSubscriptionsPerSession());
      }

      @Override
      public UInteger getMaxMonitoredItemsPerSession() {
        return Unsigned.uint(l.maxMonitoredItemsPerSession());
      }

      @Override
      public UInteger getMaxMonitoredItems() {
        return Unsigned.uint(l.maxSessions() * l.maxMonitoredItemsPerSession());
      }

      @Override
      public UInteger getMaxPasswordLength() {
        return Unsigned.uint(256);
      }

      @Override
      public UInteger getMaxArrayLength() {
        return Unsigned.uint(l.maxArrayLength());
      }

      @Override
      public UInteger getMaxStringLength() {
        return Unsigned.uint(l.maxStringLength());
      }

      @Override
      public UInteger getMaxByteStringLength() {
        return Unsigned.uint(l.maxStringLength());
      }

      @Override
      public UInteger getMaxNodesPerRead() {
        return perCall;
      }

      @Override
      public UInteger getMaxNodesPerWrite() {
        return perCall;
      }

      @Override
      public UInteger getMaxNodesPerBrowse() {
        return perCall;
      }

      @Override
      public UInteger getMaxMonitoredItemsPerCall() {
        return perCall;
      }

      @Override
      public UInteger getMaxNodesPerTranslateBrowsePathsToNodeIds() {
        return perCall;
      }

      @Override
      public UInteger getMaxNodesPerRegisterNodes() {
        return perCall;
      }
    };
  }

  /**
   * Diagnostics off, for good. Milo's diagnostics fragment (server summary, per-session diagnostics
   * nodes) is the only content of the server namespace; stopping it also stops Milo 1.1.2 from
   * failing on every new session while it builds session diagnostics nodes. The EnabledFlag that
   * Milo leaves writable by any session is made read-only, so no client can switch collection on.
   */
  private static void lockDiagnostics(OpcUaServer s) {
    s.getServerNamespace().shutdown();
    s.getAddressSpaceManager()
        .getManagedNode(NodeIds.Server_ServerDiagnostics_EnabledFlag)
        .filter(UaVariableNode.class::isInstance)
        .map(UaVariableNode.class::cast)
        .ifPresent(
            flag -> {
              flag.setAccessLevel(AccessLevel.toValue(AccessLevel.CurrentRead));
              flag.setUserAccessLevel(AccessLevel.toValue(AccessLevel.CurrentRead));
            });
  }

  private List<String> certificateHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(settings.effectiveHost());
    hosts.add("localhost");
    hosts.add("127.0.0.1");
    String bind = settings.bindAddress();
    if (!bind.equals("0.0.0.0") && !bind.contains(":")) {
      hosts.add(bind);
    }
    return List.copyOf(hosts);
  }

  private int freePort() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(false);
      probe.bind(new InetSocketAddress(InetAddress.getByName(settings.bindAddress()), 0));
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new OtlabException(
          "OPCUA_BIND_FAILED",
          "No free port on "
              + settings.bindAddress()
              + " for the OPC UA server of '"
              + endpoint.id()
              + "': "
              + e.getMessage()
              + ".",
          "Check the bind address; it must be an address of this host.",
          e);
    }
  }

  /** True between a successful {@link #start()} and {@link #stop()}. */
  public synchronized boolean isRunning() {
    return server != null && boundPort > 0;
  }

  /** The port bound; the configured one, or the one picked for port 0. */
  public synchronized int port() {
    requireRunning();
    return boundPort;
  }

  /** Exact endpoint URL, e.g. {@code opc.tcp://127.0.0.1:48123/otlab}. */
  public synchronized String endpointUrl() {
    requireRunning();
    return "opc.tcp://" + settings.effectiveHost() + ":" + boundPort + settings.path();
  }

  /** Index of the PLC namespace in this server's namespace table. */
  public synchronized int namespaceIndex() {
    requireRunning();
    PlcNamespace ns = namespace;
    return ns == null ? -1 : ns.getNamespaceIndex().intValue();
  }

  /** The application instance certificate in use. */
  public synchronized X509Certificate certificate() {
    requireRunning();
    ApplicationCertificate c = certificate;
    if (c == null) {
      throw new IllegalStateException("no certificate");
    }
    return c.certificate();
  }

  /** Whether the running server had to generate its certificate (false when it reused one). */
  public synchronized boolean certificateGenerated() {
    requireRunning();
    ApplicationCertificate c = certificate;
    return c != null && c.generated();
  }

  /** When the server started; source timestamps are this instant plus simulated seconds. */
  public synchronized Instant startedAt() {
    requireRunning();
    Instant t = startedAt;
    return t == null ? Instant.EPOCH : t;
  }

  private void requireRunning() {
    if (server == null || boundPort < 0) {
      throw new OtlabException(
          "OPCUA_NOT_RUNNING",
          "The OPC UA server of '" + endpoint.id() + "' is not running.",
          "Start it first.");
    }
  }

  @Override
  public synchronized void stop() {
    releaseServer();
    Closeable t = trustList;
    trustList = null;
    if (t != null) {
      try {
        t.close();
      } catch (IOException e) {
        LOG.debug("closing trust list of {}", endpoint.id(), e);
      }
    }
  }

  private void releaseServer() {
    OpcUaServer s = server;
    PlcNamespace ns = namespace;
    server = null;
    namespace = null;
    boundPort = -1;
    if (s != null) {
      try {
        // Unbinds the listening socket and closes every client channel before returning.
        s.shutdown().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("OPC UA server of {} did not shut down cleanly", endpoint.id(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (ns != null) {
      try {
        ns.shutdown();
      } catch (RuntimeException e) {
        LOG.debug("namespace shutdown of {}", endpoint.id(), e);
      }
    }
  }

  /**
   * Milo's access controller checks UserAccessLevel before AccessLevel and so answers a write to a
   * read-only point with Bad_UserAccessDenied. OPC UA (Part 4, Write) reserves that code for user
   * permissions and names Bad_NotWritable for an access level that does not allow writing, which is
   * also what PLCs answer; this server fixes the code for the PLC's read-only points and leaves
   * every other decision to Milo.
   */
  private static final class LabServer extends OpcUaServer {
    volatile Predicate<NodeId> readOnlyPoints = id -> false;
    private final AccessController access;

    LabServer(OpcUaServerConfig config, OpcServerTransportFactory transports) {
      super(config, transports);
      access = new NotWritableAccessController(super.getAccessController(), this);
    }

    @Override
    public AccessController getAccessController() {
      return access;
    }
  }

  private static final class NotWritableAccessController implements AccessController {
    private final AccessController milo;
    private final LabServer server;

    NotWritableAccessController(AccessController milo, LabServer server) {
      this.milo = milo;
      this.server = server;
    }

    @Override
    public Map<WriteValue, AccessResult> checkWriteAccess(
        Session session, List<WriteValue> writeValues) {
      Map<WriteValue, AccessResult> decisions = milo.checkWriteAccess(session, writeValues);
      Map<WriteValue, AccessResult> fixed = new HashMap<>(decisions);
      decisions.forEach(
          (wv, decision) -> {
            if (decision instanceof AccessResult.Denied
                && AttributeId.Value.uid().equals(wv.getAttributeId())
                && server.readOnlyPoints.test(wv.getNodeId())) {
              fixed.put(wv, new AccessResult.Denied(StatusCodes.Bad_NotWritable));
            }
          });
      return fixed;
    }

    @Override
    public Map<ReadValueId, AccessResult> checkReadAccess(
        Session session, List<ReadValueId> readValueIds) {
      return milo.checkReadAccess(session, readValueIds);
    }

    @Override
    public Map<NodeId, AccessResult> checkBrowseAccess(Session session, List<NodeId> nodeIds) {
      return milo.checkBrowseAccess(session, nodeIds);
    }

    @Override
    public Map<CallMethodRequest, AccessResult> checkCallAccess(
        Session session, List<CallMethodRequest> requests) {
      return milo.checkCallAccess(session, requests);
    }

    @Override
    public Map<AddReferencesItem, AccessResult> checkAddReferencesAccess(
        Session session, List<AddReferencesItem> referencesToAdd) {
      return milo.checkAddReferencesAccess(session, referencesToAdd);
    }

    @Override
    public Map<DeleteNodesItem, AccessResult> checkDeleteNodesAccess(
        Session session, List<DeleteNodesItem> nodesToDelete) {
      return milo.checkDeleteNodesAccess(session, nodesToDelete);
    }

    @Override
    public Map<DeleteReferencesItem, AccessResult> checkDeleteReferencesAccess(
        Session session, List<DeleteReferencesItem> referencesToDelete) {
      return milo.checkDeleteReferencesAccess(session, referencesToDelete);
    }
  }

  /**
   * Accepts every client application certificate: the lab's default, so that scenarios do not need
   * a certificate exchange step. Sign and SignAndEncrypt still protect the channel.
   */
  private static final class TrustAllClients implements CertificateValidator {
    @Override
    public void validateCertificateChain(
        List<X509Certificate> certificateChain,
        @Nullable String applicationUri,
        String @Nullable [] validHostnames) {
      LOG.debug(
          "lab setting trustAllClients: accepting {}",
          certificateChain.isEmpty()
              ? "(empty chain)"
              : certificateChain.get(0).getSubjectX500Principal());
    }
  }
}
