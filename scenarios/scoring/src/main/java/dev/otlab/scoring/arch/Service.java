package dev.otlab.scoring.arch;

import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.RemoteService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A service a host listens on.
 *
 * @param protocol application protocol
 * @param port its port (the protocol's well-known one unless the host's posture says otherwise)
 */
public record Service(Protocol protocol, int port) implements Comparable<Service> {

  public static final Service MODBUS = new Service(Protocol.MODBUS, Protocol.MODBUS.port());
  public static final Service OPCUA = new Service(Protocol.OPCUA, Protocol.OPCUA.port());
  public static final Service MQTT = new Service(Protocol.MQTT, Protocol.MQTT.port());

  public Service {
    if (protocol == Protocol.ANY || port < 1 || port > 65535) {
      throw new IllegalArgumentException("a service names one protocol and one port");
    }
  }

  /**
   * What a host serves: PLCs and the SIS serve Modbus TCP (the plant servers do), any host OPC UA
   * when its posture offers security modes (the loader gives PLCs the plant servers' defaults), and
   * every remote service listed, on the port the posture gives it, and an {@code mqtt-broker} host
   * MQTT in clear or inside TLS on each of its broker's listeners ({@link
   * HostSpec#brokerListeners()}).
   */
  public static List<Service> of(HostSpec host) {
    List<Service> out = new ArrayList<>();
    boolean controller = host.role() == HostRole.PLC || host.role() == HostRole.SIS;
    if (controller) {
      out.add(MODBUS);
    }
    if (!host.posture().opcUaModes().isEmpty()) {
      out.add(OPCUA);
    }
    for (Posture.BrokerListener l : host.brokerListeners()) {
      out.add(new Service(l.protocol(), l.port()));
    }
    for (Posture.Listener l : host.posture().listeners()) {
      out.add(new Service(l.protocol(), l.port()));
    }
    out.sort(null);
    return out;
  }

  /** Whether this is a remote-access service (a way to log in and take a host over). */
  public boolean isRemoteAccess() {
    return RemoteService.of(protocol).isPresent();
  }

  /** Whether this is an industrial protocol a PLC or SIS is driven by. */
  public boolean isIndustrial() {
    return protocol == Protocol.MODBUS || protocol == Protocol.OPCUA;
  }

  @Override
  public int compareTo(Service o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return protocol.name().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
