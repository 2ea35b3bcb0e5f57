/**
 * MQTT for the IIoT paths: a real broker (Eclipse Moquette, in memory, on loopback) that an
 * architecture's {@code mqtt-broker} hosts run, in clear, over TLS or both, and a small synchronous
 * client (Eclipse Paho) that the IIoT gateway, cloud applications and attack techniques publish and
 * subscribe with, also through relays, in clear or over TLS with the broker named by SNI.
 */
@NullMarked
package dev.otlab.simulator.mqtt;

import org.jspecify.annotations.NullMarked;
