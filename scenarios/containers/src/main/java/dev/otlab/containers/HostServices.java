package dev.otlab.containers;

import dev.otlab.core.Lifecycle;
import dev.otlab.lab.Lab;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.remote.LabTls;
import dev.otlab.network.remote.RemoteServiceServer;
import dev.otlab.simulator.mqtt.MqttBroker;
import java.util.ArrayList;
import java.util.List;

/**
 * What a host's own container serves besides its node role: the remote-access services its posture
 * lists (the embedded lab's {@link RemoteServiceServer}, each on its listener's port), and, on an
 * {@code mqtt-broker} host, the MQTT broker on its listeners (1883 in clear by default, 8883 or
 * another port over TLS with the lab's key). They listen on the host's zone addresses only, so they
 * are reached across the gateways like the controllers, never over a control network.
 *
 * <p>The broker runs here rather than in the process node: the IIoT gateway and cloud hosts'
 * connections cross the conduits to it and back, as they would at a site. It keeps no state between
 * runs that a run could see: sessions are clean and nothing is retained.
 */
public final class HostServices implements Lifecycle {

  private final HostSpec host;
  private final List<String> addresses;
  private final List<Lifecycle> running = new ArrayList<>();

  /**
   * @param addresses the host's addresses on its zone networks (0.0.0.0 where they are not known)
   */
  public HostServices(HostSpec host, List<String> addresses) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("host " + host.id() + ": no address to listen on");
    }
    this.host = host;
    this.addresses = List.copyOf(addresses);
  }

  /** Whether the host's container serves anything of its own. */
  public static boolean any(HostSpec host) {
    return !host.posture().listeners().isEmpty() || host.role() == HostRole.MQTT_BROKER;
  }

  /** One line saying what is served, for the node's ready line. */
  public String describe() {
    List<String> names = new ArrayList<>();
    for (Posture.Listener l : Lab.listeners(host)) {
      names.add(l.name() + " " + l.port());
    }
    for (Posture.BrokerListener l : host.brokerListeners()) {
      names.add(Names.yaml(l.protocol()) + " broker " + l.port());
    }
    return String.join(", ", names);
  }

  @Override
  public synchronized void start() {
    try {
      for (String address : addresses) {
        for (Posture.Listener l : Lab.listeners(host)) {
          RemoteServiceServer r = new RemoteServiceServer(host.id(), l, address, l.port());
          running.add(r);
          r.start();
        }
      }
      if (host.role() == HostRole.MQTT_BROKER) {
        // One broker for the host, whatever its zones and listeners: clients in every zone, in
        // clear and over TLS, share its topics. It serves one port of each kind.
        String address = addresses.size() == 1 ? addresses.get(0) : "0.0.0.0";
        int clear = host.brokerPort(Protocol.MQTT).orElse(-1);
        int tls = host.brokerPort(Protocol.MQTTS).orElse(-1);
        MqttBroker b =
            new MqttBroker(host.id(), address, clear, tls < 0 ? null : LabTls.serverKeys(), tls);
        running.add(b);
        b.start();
      }
    } catch (RuntimeException e) {
      stop();
      throw e;
    }
  }

  @Override
  public synchronized void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop();
    }
    running.clear();
  }
}
