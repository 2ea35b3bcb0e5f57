/**
 * The technique implementations, found with {@link java.util.ServiceLoader}. All traffic is real
 * (raw Modbus TCP frames, the Milo OPC UA client) and goes only to addresses {@link
 * dev.otlab.attacks.Guardrail} has checked; the one modelled step is the remote-service pivot,
 * because the lab runs no RDP, SSH or VNC servers.
 */
@NullMarked
package dev.otlab.attacks.techniques;

import org.jspecify.annotations.NullMarked;
