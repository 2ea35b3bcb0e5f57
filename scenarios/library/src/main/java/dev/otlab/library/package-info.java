/**
 * Loading and validating library files (plants now; architectures, scenarios and profiles later).
 * Validation reports every problem with its path and a fix, and returns immutable specs only for
 * files without problems.
 */
@NullMarked
package dev.otlab.library;

import org.jspecify.annotations.NullMarked;
