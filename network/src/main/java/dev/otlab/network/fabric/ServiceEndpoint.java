package dev.otlab.network.fabric;

import dev.otlab.network.Protocol;

/**
 * A real server in the lab: what a host offers and where it actually listens.
 *
 * @param host the host that offers it
 * @param protocol its protocol
 * @param address loopback address it listens on
 * @param port real port it listens on (rules see the protocol's well-known port instead)
 */
public record ServiceEndpoint(String host, Protocol protocol, String address, int port) {}
