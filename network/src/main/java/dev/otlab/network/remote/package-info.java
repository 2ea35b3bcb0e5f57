/**
 * Remote-access sessions on the wire (SSH, Telnet, HTTP, SMB, RDP, VNC): the opening each side of a
 * real session sends, as the lab's hosts answer it and as a conduit's tap recognises it. The lab
 * does not run the services themselves; it speaks their openings faithfully enough that a sensor, a
 * capture tool or a scanner sees the protocol, the client software and the account asked for. Its
 * TLS key and certificate serve the lab's other TLS services too ({@link
 * dev.otlab.network.remote.LabTls}: an MQTT broker's secure listener).
 */
@NullMarked
package dev.otlab.network.remote;

import org.jspecify.annotations.NullMarked;
