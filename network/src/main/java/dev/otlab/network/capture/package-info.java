/**
 * Packet captures of what the sensors see: {@link dev.otlab.network.capture.TrafficCapture}
 * records, at the relays of tapped conduits and span ports, the bytes of every connection with lab
 * clock times; {@link dev.otlab.network.capture.SensorCapture} turns one sensor's connections into
 * TCP/IPv4 Ethernet frames on the architecture's {@link dev.otlab.network.AddressPlan}, and {@link
 * dev.otlab.network.capture.PcapWriter} writes them as a classic libpcap file.
 */
@NullMarked
package dev.otlab.network.capture;

import org.jspecify.annotations.NullMarked;
