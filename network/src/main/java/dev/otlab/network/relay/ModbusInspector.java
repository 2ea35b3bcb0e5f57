package dev.otlab.network.relay;

import dev.otlab.network.RuleAction;
import dev.otlab.network.relay.ProtocolEvent.Result;
import dev.otlab.network.relay.RelayDecision.Scope;
import dev.otlab.simulator.modbus.MbapHeader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Modbus TCP inspection: every request is judged against the conduit's rules before it is
 * forwarded; responses are paired with their requests by transaction id so a tap event carries
 * addresses, values and the outcome together.
 *
 * <p>A refused request under REJECT is answered with exception 01 (function refused) or 02 (address
 * refused) in the server's place. Under DENY the connection is closed: a real firewall that drops
 * one message leaves the client waiting for its timeout, and with pipelining clients and 60-second
 * defaults that stalls an HMI or an attack step for minutes; closing gives the same verdict (the
 * request never reached the device) in bounded time.
 */
public final class ModbusInspector extends PairingInspector<Integer, ModbusInspector.Pending> {

  record Pending(double time, ModbusMessage request, ConduitDecision decision) {}

  public ModbusInspector(ConnectionContext ctx) {
    super(ctx, ModbusMessage::framer);
  }

  @Override
  public Verdict fromClient(byte[] frame) {
    double time = ctx.now();
    ModbusMessage request = ModbusMessage.request(frame);
    ConduitDecision decision =
        ctx.record(
            time, Scope.MESSAGE, request.describe(), ctx.matcher().modbus(ctx.flow(), request));
    if (decision instanceof ConduitDecision.Denied denied) {
      boolean reject = denied.action() == RuleAction.REJECT;
      int code = reject ? denied.modbusException() : 0;
      emit(
          time,
          request,
          request.values(),
          reject ? Result.REJECTED : Result.DENIED,
          code,
          decision);
      if (reject) {
        return new Verdict.Answer(ModbusMessage.exceptionFrame(request, code));
      }
      return new Verdict.Close(denied.reason(), null);
    }
    hold(request.transactionId(), new Pending(time, request, decision));
    return new Verdict.Forward(frame);
  }

  @Override
  public Verdict fromServer(byte[] frame) {
    int transactionId = MbapHeader.read(frame, 0).transactionId();
    Pending p = answered(transactionId);
    if (p != null) {
      ModbusMessage response = ModbusMessage.response(frame, p.request());
      List<Integer> values = p.request().isWrite() ? p.request().values() : response.values();
      emit(
          p.time(),
          p.request(),
          values,
          response.isException() ? Result.ERROR : Result.OK,
          response.exceptionCode(),
          p.decision());
    }
    return new Verdict.Forward(frame);
  }

  @Override
  protected void unanswered(Pending p) {
    emit(p.time(), p.request(), p.request().values(), Result.NO_RESPONSE, 0, p.decision());
  }

  private void emit(
      double time,
      ModbusMessage request,
      List<Integer> values,
      Result result,
      int status,
      @Nullable ConduitDecision decision) {
    List<Double> numbers = new ArrayList<>(values.size());
    for (int v : values) {
      numbers.add((double) v);
    }
    ctx.emit(
        time,
        request.functionName(),
        request.functionCode(),
        request.unitId(),
        request.address(),
        request.addressKnown() ? request.quantity() : 0,
        request.writeAddress(),
        request.writeQuantity(),
        List.of(),
        numbers,
        result,
        status,
        request.isWrite(),
        decision);
  }
}
