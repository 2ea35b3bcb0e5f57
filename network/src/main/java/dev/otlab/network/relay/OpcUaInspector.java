package dev.otlab.network.relay;

import dev.otlab.network.Names;
import dev.otlab.network.OpcUaMode;
import dev.otlab.network.relay.ConduitDecision.Refusal;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.relay.RelayDecision.Scope;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * OPC UA binary inspection.
 *
 * <p>What it can know follows what a real firewall can know. OPN names its security policy in clear
 * text: None means mode None; any other policy means Sign or SignAndEncrypt, which OPN alone cannot
 * tell apart (its body is encrypted with the receiver's public key in both modes). The first MSG
 * settles it: Sign leaves sequence header and body in clear text (only a signature is appended),
 * SignAndEncrypt does not (see {@link OpcUaMessage#plaintextBody}). Discovery (GetEndpoints,
 * FindServers) and the OPN itself run on None channels by design, so a rule's minimum mode refuses
 * the first session request on a weak channel, not the OPN.
 *
 * <p>With None or Sign, every request's service is decoded and judged, and Read and Write node ids
 * and Write values are tapped. Under SignAndEncrypt only the mode can be judged; services pass
 * unseen (a rule that restricts services cannot be enforced on encrypted traffic, which is the
 * trade-off a design that demands encryption accepts) and tap events say {@code Encrypted}.
 * Messages split into chunks are judged by their first chunk; continuation and abort chunks follow
 * it. Unknown service types count as OTHER, which every rule that restricts services refuses. A
 * refused message gets an ERR and the connection is closed: injecting a fake response into a secure
 * channel would break its sequence numbers, so there is no kinder answer.
 */
public final class OpcUaInspector extends PairingInspector<Long, OpcUaInspector.Pending> {

  record Pending(double time, OpcUaMessage request, ConduitDecision decision) {}

  private final Set<Long> clientContinuing = new HashSet<>();
  private final Set<Long> serverContinuing = new HashSet<>();

  // Written by the client thread (OPN, first MSG), read by both.
  private volatile boolean secured;
  private volatile OpcUaMode mode = OpcUaMode.NONE;
  private volatile boolean modeKnown;

  public OpcUaInspector(ConnectionContext ctx) {
    super(ctx, OpcUaMessage::framer);
  }

  /** The channel's security mode as known so far. */
  public OpcUaMode mode() {
    return mode;
  }

  public boolean modeKnown() {
    return modeKnown;
  }

  private boolean readable() {
    return !secured || (modeKnown && mode == OpcUaMode.SIGN);
  }

  @Override
  public Verdict fromClient(byte[] frame) {
    String type = new String(frame, 0, 3, java.nio.charset.StandardCharsets.US_ASCII);
    switch (type) {
      case "OPN":
        return open(frame);
      case "MSG":
        return message(frame);
      default:
        // HEL, CLO, and anything else that framed: connection and channel plumbing.
        return new Verdict.Forward(frame);
    }
  }

  private Verdict open(byte[] frame) {
    double time = ctx.now();
    OpcUaMessage m = OpcUaMessage.parse(frame, true);
    secured = m.secured();
    if (secured) {
      // A renewal keeps what the first MSG revealed.
      if (!modeKnown || mode == OpcUaMode.NONE) {
        mode = OpcUaMode.SIGN;
        modeKnown = false;
      }
    } else {
      mode = OpcUaMode.NONE;
      modeKnown = true;
    }
    UaService service = UaService.of(UaService.OPEN_SECURE_CHANNEL_REQUEST);
    String subject =
        "OpenSecureChannel policy "
            + policyName(m.securityPolicyUri())
            + " mode "
            + (modeKnown ? Names.yaml(mode) : "sign or sign-and-encrypt");
    ConduitDecision d =
        ctx.record(time, Scope.MESSAGE, subject, ctx.matcher().opcua(ctx.flow(), mode, service));
    return judged(time, m, service, d, frame);
  }

  private Verdict message(byte[] frame) {
    double time = ctx.now();
    if (secured && !modeKnown) {
      mode = OpcUaMessage.plaintextBody(frame, true) ? OpcUaMode.SIGN : OpcUaMode.SIGN_AND_ENCRYPT;
      modeKnown = true;
    }
    if (!readable()) {
      ConduitDecision d =
          ctx.record(
              time,
              Scope.MESSAGE,
              "encrypted MSG (" + Names.yaml(mode) + ")",
              ctx.matcher().opcua(ctx.flow(), mode, null));
      return judged(time, OpcUaMessage.parse(frame, false), null, d, frame);
    }
    long requestId = frame.length >= 24 ? le32(frame, 20) : -1;
    char chunk = (char) (frame[3] & 0xFF);
    synchronized (clientContinuing) {
      if (clientContinuing.contains(requestId)) {
        if (chunk != 'C') {
          clientContinuing.remove(requestId);
        }
        return new Verdict.Forward(frame);
      }
      if (chunk == 'C') {
        clientContinuing.add(requestId);
      }
    }
    OpcUaMessage m = OpcUaMessage.parse(frame, chunk != 'A');
    UaService service = m.service() != null ? m.service() : UaService.of(-1);
    String subject = service.name() + (m.nodeIds().isEmpty() ? "" : " " + m.nodeIds());
    ConduitDecision d =
        ctx.record(time, Scope.MESSAGE, subject, ctx.matcher().opcua(ctx.flow(), mode, service));
    return judged(time, m, service, d, frame);
  }

  private Verdict judged(
      double time, OpcUaMessage m, @Nullable UaService service, ConduitDecision d, byte[] frame) {
    if (d instanceof ConduitDecision.Denied denied) {
      event(time, m, service, m.values(), Result.DENIED, 0, d);
      long status =
          denied.refusal() == Refusal.SECURITY_MODE
              ? OpcUaMessage.BAD_SECURITY_MODE_REJECTED
              : OpcUaMessage.BAD_USER_ACCESS_DENIED;
      return new Verdict.Close(
          denied.reason(), OpcUaMessage.errorFrame(status, "otlab conduit: " + denied.reason()));
    }
    if (service != null && m.requestId() >= 0) {
      hold(m.requestId(), new Pending(time, m, d));
    } else {
      event(time, m, service, m.values(), Result.OPAQUE, 0, d);
    }
    return new Verdict.Forward(frame);
  }

  @Override
  public Verdict fromServer(byte[] frame) {
    String type = new String(frame, 0, 3, java.nio.charset.StandardCharsets.US_ASCII);
    boolean msg = type.equals("MSG");
    if (!(msg && readable()) && !(type.equals("OPN") && !secured)) {
      return new Verdict.Forward(frame);
    }
    long requestId;
    if (msg) {
      requestId = frame.length >= 24 ? le32(frame, 20) : -1;
    } else {
      OpcUaMessage head = OpcUaMessage.parse(frame, false);
      requestId = head.requestId();
    }
    char chunk = (char) (frame[3] & 0xFF);
    synchronized (serverContinuing) {
      if (serverContinuing.contains(requestId)) {
        if (chunk != 'C') {
          serverContinuing.remove(requestId);
        }
        return new Verdict.Forward(frame);
      }
      if (chunk == 'C') {
        serverContinuing.add(requestId);
      }
    }
    Pending p = answered(requestId);
    if (p == null) {
      return new Verdict.Forward(frame);
    }
    OpcUaMessage response = OpcUaMessage.parse(frame, chunk != 'A');
    long status = response.serviceResult();
    if (!bad(status)) {
      for (long s : response.statuses()) {
        if (bad(s)) {
          status = s;
          break;
        }
      }
    }
    boolean readService =
        p.request().service() != null
            && p.request().service().encodingId() == UaService.READ_REQUEST;
    event(
        p.time(),
        p.request(),
        p.request().service(),
        readService ? response.values() : p.request().values(),
        bad(status) ? Result.ERROR : Result.OK,
        status,
        p.decision());
    return new Verdict.Forward(frame);
  }

  @Override
  protected void unanswered(Pending p) {
    event(
        p.time(),
        p.request(),
        p.request().service(),
        p.request().values(),
        Result.NO_RESPONSE,
        0,
        p.decision());
  }

  private static boolean bad(long status) {
    return (status & 0x80000000L) != 0;
  }

  private void event(
      double time,
      OpcUaMessage m,
      @Nullable UaService service,
      List<Double> values,
      Result result,
      long status,
      ConduitDecision decision) {
    boolean write =
        service != null
            && (service.category() == UaService.Category.WRITE
                || service.category() == UaService.Category.CALL);
    ctx.emitMessage(
        time,
        service == null ? "Encrypted" : service.name(),
        service == null ? -1 : service.encodingId(),
        m.nodeIds(),
        values,
        result,
        status,
        write,
        decision);
  }

  private static String policyName(@Nullable String uri) {
    if (uri == null) {
      return "(none given)";
    }
    int hash = uri.lastIndexOf('#');
    return hash >= 0 ? uri.substring(hash + 1) : uri;
  }

  private static long le32(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | (b[off + 1] & 0xFFL) << 8
        | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }
}
