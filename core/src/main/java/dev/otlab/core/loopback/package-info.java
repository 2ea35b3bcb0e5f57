/**
 * Loopback inside one JVM: a client of this JVM that connects to a loopback address and port that a
 * listener of this same JVM serves is joined to it directly, byte for byte as over TCP, and the
 * listener handles each write on the writer's thread. The embedded lab's devices and relays serve
 * both ways: over kernel sockets (external tools, other processes) and here, where a request and
 * its answer cost no system call and no thread hand-off. Set {@code -Dotlab.loopback=false} to send
 * everything through the kernel.
 */
@NullMarked
package dev.otlab.core.loopback;

import org.jspecify.annotations.NullMarked;
