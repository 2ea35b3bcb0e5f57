/**
 * Sweeps beyond one machine: {@link dev.otlab.swarm.SwarmSweepEngine} plays a sweep plan's units as
 * Docker Swarm replicated-job services in the lab image (one task per unit, which it takes by its
 * task slot); the sweep module's {@link dev.otlab.sweep.JdbcSweepStore} keeps the plan and every
 * unit's status, attempts and result in PostgreSQL, where the tasks write and the engine (or the
 * dashboard that runs it) reads.
 */
@NullMarked
package dev.otlab.swarm;

import org.jspecify.annotations.NullMarked;
