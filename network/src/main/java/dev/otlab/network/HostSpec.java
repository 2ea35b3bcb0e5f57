package dev.otlab.network;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A host of the architecture.
 *
 * @param id host id
 * @param zones zones it sits in; more than one makes it a bridge (a dual-homed host)
 * @param role what it does
 * @param controller for {@code plc} and {@code sis} hosts: the plant controller it runs
 * @param posture remote services, credentials and OPC UA security
 * @param description free text
 * @param iiot for {@code iiot-gateway} hosts: what it bridges to MQTT; else null
 */
public record HostSpec(
    String id,
    List<String> zones,
    HostRole role,
    @Nullable String controller,
    Posture posture,
    String description,
    @Nullable IiotSpec iiot) {

  public HostSpec {
    zones = List.copyOf(zones);
    if (zones.isEmpty()) {
      throw new IllegalArgumentException(id + ": a host sits in at least one zone");
    }
    if (iiot != null && role != HostRole.IIOT_GATEWAY) {
      throw new IllegalArgumentException(id + ": only an iiot-gateway host has an iiot section");
    }
    if (!posture.brokerListeners().isEmpty() && role != HostRole.MQTT_BROKER) {
      throw new IllegalArgumentException(id + ": only an mqtt-broker host has broker listeners");
    }
  }

  /** A host without an IIoT bridge (every host but a gateway). */
  public HostSpec(
      String id,
      List<String> zones,
      HostRole role,
      @Nullable String controller,
      Posture posture,
      String description) {
    this(id, zones, role, controller, posture, description, null);
  }

  /**
   * Where an {@code mqtt-broker} host's broker listens: its posture's broker listeners, or MQTT in
   * clear on 1883 when the posture names none; nothing for any other host.
   */
  public List<Posture.BrokerListener> brokerListeners() {
    if (role != HostRole.MQTT_BROKER) {
      return List.of();
    }
    return posture.brokerListeners().isEmpty()
        ? List.of(Posture.BrokerListener.of(Protocol.MQTT))
        : posture.brokerListeners();
  }

  /**
   * The broker listener the lab's IIoT clients (gateways, cloud applications) connect to: the first
   * listed, so a design says which its devices use by the order; empty for a host that is no
   * broker.
   */
  public Optional<Posture.BrokerListener> clientBrokerListener() {
    return brokerListeners().stream().findFirst();
  }

  /**
   * The port of the host's first broker listener of {@code protocol} ({@link Protocol#MQTT} or
   * {@link Protocol#MQTTS}): the one port of that kind its broker serves, since one broker serves
   * one port of each kind and a later listener of the kind is the same socket under another
   * architecture port. Empty when the host has no broker listener of that protocol.
   */
  public OptionalInt brokerPort(Protocol protocol) {
    return brokerListeners().stream()
        .filter(l -> l.protocol() == protocol)
        .mapToInt(Posture.BrokerListener::port)
        .findFirst();
  }

  /** The zone it is primarily placed in (the first listed). */
  public String zone() {
    return zones.get(0);
  }
}
