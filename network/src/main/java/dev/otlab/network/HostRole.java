package dev.otlab.network;

/** What a host is for; scenarios name targets by role so they run on every architecture. */
public enum HostRole {
  PLC,
  SIS,
  HMI,
  HISTORIAN,
  ENGINEERING_WS,
  JUMP_HOST,
  WORKSTATION,
  VENDOR_REMOTE,
  /**
   * Bridges the control zone to the IIoT world: reads PLC values over OPC UA and publishes them to
   * an MQTT broker (and, when allowed, writes setpoints that come back from the cloud).
   */
  IIOT_GATEWAY,
  /** Runs an MQTT broker (in an IIoT DMZ or the cloud). */
  MQTT_BROKER,
  /** A cloud application: subscribes to plant values, may publish setpoint commands. */
  CLOUD
}
