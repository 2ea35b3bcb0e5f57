/**
 * Adversary-in-the-middle on Modbus TCP: an in-path proxy that rides a client's own connection to a
 * server, rewrites the server's read responses (freeze, fixed values, replay) and sends requests of
 * its own inside that connection. The network fabric places it on a route; the rewriting is pure
 * frame logic, testable without sockets.
 */
@NullMarked
package dev.otlab.network.aitm;

import org.jspecify.annotations.NullMarked;
