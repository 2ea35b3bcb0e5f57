/**
 * The lab clock: virtual time with a speed factor, seeded random streams and a deterministic
 * scheduler. Every periodic thing in a lab runs on it; nothing paces itself with a sleep.
 */
@NullMarked
package dev.otlab.simulator.clock;

import org.jspecify.annotations.NullMarked;
