/**
 * The relays that enforce conduits in a running lab: one {@link
 * dev.otlab.network.relay.ConduitRelay} per (source host, destination service) route and conduit,
 * listening on loopback and forwarding to the next hop, with the rule matching ({@link
 * dev.otlab.network.relay.ConduitMatcher}) and the Modbus TCP and OPC UA binary parsers kept pure
 * so they are tested without sockets.
 *
 * <p>What the relay can see is what a real OPC UA-aware firewall can see: with security policy None
 * every service and node id is readable; with a signing policy the asymmetric security header of
 * OPN names the policy in clear text but not the mode, Sign-mode messages are readable (only
 * signed) and SignAndEncrypt messages are opaque, so service filters cannot be enforced on them and
 * only the security mode is judged.
 */
@NullMarked
package dev.otlab.network.relay;

import org.jspecify.annotations.NullMarked;
