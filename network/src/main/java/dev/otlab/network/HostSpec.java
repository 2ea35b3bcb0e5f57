package dev.otlab.network;

import java.util.List;
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

  /** The zone it is primarily placed in (the first listed). */
  public String zone() {
    return zones.get(0);
  }
}
