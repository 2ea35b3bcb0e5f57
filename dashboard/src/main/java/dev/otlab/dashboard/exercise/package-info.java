/**
 * Exercises for staff: a trainer sets up an exercise (architecture, detection profile, hidden
 * scenarios, hints, objectives), trainees join alone or as a team and each lab (a run job of its
 * own, or one shared) plays while they triage alerts, respond and write findings on a stream that
 * keeps the lab's ground truth from them ({@link dev.otlab.dashboard.exercise.TraineeView}); at the
 * end the debrief sets the true timeline beside their actions and scores each trainee ({@link
 * dev.otlab.dashboard.exercise.Debrief}).
 */
@NullMarked
package dev.otlab.dashboard.exercise;

import org.jspecify.annotations.NullMarked;
