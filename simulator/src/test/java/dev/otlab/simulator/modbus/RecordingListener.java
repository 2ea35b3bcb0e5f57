package dev.otlab.simulator.modbus;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps every server event so tests can assert on what the server saw and did. */
final class RecordingListener implements ModbusServerListener {

  record RequestEvent(int unitId, int functionCode, int address, int quantity, Outcome outcome) {}

  record DisconnectEvent(InetSocketAddress source, CloseReason reason, String detail) {}

  // Queues, not copy-on-write lists: a flooding client makes thousands of requests, and copying
  // the whole list on every one slows the server down.
  final Collection<RequestEvent> requests = new ConcurrentLinkedQueue<>();
  final Collection<DisconnectEvent> disconnects = new ConcurrentLinkedQueue<>();
  final Collection<InetSocketAddress> connects = new ConcurrentLinkedQueue<>();

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
