/** Tests of exercises: the trainee's filtered view, the debrief's score, the setup's checks. */
@NullMarked
package dev.otlab.dashboard.exercise;

import org.jspecify.annotations.NullMarked;
