/**
 * Sweeps: a {@link dev.otlab.library.SweepSpec} expanded into a {@link dev.otlab.sweep.SweepPlan}
 * of configurations (one evaluation each) and units (benign twins first, then scenario plays),
 * which a {@link dev.otlab.sweep.SweepEngine} plays, embedded on this machine or spread over
 * others, into a {@link dev.otlab.sweep.SweepStore} (in memory, or the SQL {@link
 * dev.otlab.sweep.JdbcSweepStore} the dashboard, the Swarm engine and its tasks share); {@link
 * dev.otlab.sweep.SweepResults} turns the stored results into the evaluations {@code otlab
 * evaluate} makes, configuration by configuration.
 */
@NullMarked
package dev.otlab.sweep;

import org.jspecify.annotations.NullMarked;
