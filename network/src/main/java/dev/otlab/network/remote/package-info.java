/**
 * Remote-access sessions on the wire (SSH, Telnet, HTTP, SMB, RDP, VNC): the opening each side of a
 * real session sends, as the lab's hosts answer it and as a conduit's tap recognises it. The lab
 * does not run the services themselves; it speaks their openings faithfully enough that a sensor, a
 * capture tool or a scanner sees the protocol, the client software and the account asked for.
 */
@NullMarked
package dev.otlab.network.remote;

import org.jspecify.annotations.NullMarked;
