/**
 * The built-in control blocks (PID, hysteresis level control, interlock, safety trip), each with
 * its {@link dev.otlab.simulator.plc.ControlBlockFactory} registered for ServiceLoader.
 */
@NullMarked
package dev.otlab.simulator.plc.blocks;

import org.jspecify.annotations.NullMarked;
