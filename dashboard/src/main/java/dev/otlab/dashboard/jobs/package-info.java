/**
 * Runs and evaluations as background jobs: queued, played through the scenarios module's {@code
 * Evaluator} and {@code ScenarioRun}, cancelled by stopping their lab clocks, stored part by part,
 * and streamed live to browsers.
 */
@NullMarked
package dev.otlab.dashboard.jobs;

import org.jspecify.annotations.NullMarked;
