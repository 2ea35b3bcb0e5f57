/**
 * The architecture under test as immutable specs: Purdue zones, hosts with their posture, conduits
 * with ordered default-deny rules, sensors and entry points. The relays that enforce conduits live
 * in {@code network.relay}; loading and validation live in the scenarios module.
 */
@NullMarked
package dev.otlab.network;

import org.jspecify.annotations.NullMarked;
