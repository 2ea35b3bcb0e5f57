package dev.otlab.network;

/**
 * Which way an MQTT rule lets topics flow, as seen from the client that opens the connection:
 * publishing to the broker, subscribing to receive from it, or either.
 */
public enum MqttDirection {
  /** Publish and subscribe. */
  ANY,
  /** PUBLISH to the topics only. */
  PUBLISH,
  /** SUBSCRIBE to the topics only (the broker then delivers what matches). */
  SUBSCRIBE
}
