/**
 * OPC UA for soft PLCs: one Eclipse Milo server per controller exposing its tags in a namespace of
 * its own, with the security modes, user identities and encoding limits taken from the architecture
 * under test, and a small client session our own HMI, historian and attack code use to talk to such
 * servers (also through relays).
 */
@NullMarked
package dev.otlab.simulator.opcua;

import org.jspecify.annotations.NullMarked;
