/**
 * The technique implementations, found with {@link java.util.ServiceLoader}. All traffic is real
 * (raw Modbus TCP frames, the Milo OPC UA client, the openings of remote-access sessions) and goes
 * only to addresses {@link dev.otlab.attacks.Guardrail} has checked. A remote-service pivot's
 * log-in is the attacker model's decision (the lab's SSH, RDP, ... servers authenticate nobody),
 * and in a lab that runs no such servers (the container lab, for now) the whole pivot is modelled.
 */
@NullMarked
package dev.otlab.attacks.techniques;

import org.jspecify.annotations.NullMarked;
