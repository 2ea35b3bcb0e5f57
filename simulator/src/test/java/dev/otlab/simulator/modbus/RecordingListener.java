package dev.otlab.simulator.modbus;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every server event so tests can assert on what the server saw and did. */
final class RecordingListener implements ModbusServerListener {

  record RequestEvent(int unitId, int functionCode, int address, int quantity, Outcome outcome) {}

  record DisconnectEvent(InetSocketAddress source, CloseReason reason, String detail) {}

  final List<RequestEvent> requests = new CopyOnWriteArrayList<>();
  final List<DisconnectEvent> disconnects = new CopyOnWriteArrayList<>();
  final List<InetSocketAddress> connects = new CopyOnWriteArrayList<>();

  @Override
  public void onRequest(
      InetSocketAddress source,
      int unitId,
      int functionCode,
      int address,
      int quantity,
      Outcome outcome) {
    requests.add(new RequestEvent(unitId, functionCode, address, quantity, outcome));
  }

  @Override
  public void onConnect(InetSocketAddress source) {
    connects.add(source);
  }

  @Override
  public void onDisconnect(InetSocketAddress source, CloseReason reason, String detail) {
    disconnects.add(new DisconnectEvent(source, reason, detail));
  }

  long disconnects(CloseReason reason) {
    return disconnects.stream().filter(d -> d.reason() == reason).count();
  }

  /** Disconnect reasons of the connection from this local port. */
  List<CloseReason> reasonsFor(int clientPort) {
    return disconnects.stream()
        .filter(d -> d.source().getPort() == clientPort)
        .map(DisconnectEvent::reason)
        .toList();
  }
}
