/**
 * A plant put together: the process model, its controllers and SIS, their wiring (inputs latched
 * from the process, outputs and SIS overrides driven into it), disturbances, all scheduled on one
 * {@link dev.otlab.simulator.clock.LabClock}; and the protocol servers that expose the controllers.
 */
@NullMarked
package dev.otlab.simulator.plant;

import org.jspecify.annotations.NullMarked;
