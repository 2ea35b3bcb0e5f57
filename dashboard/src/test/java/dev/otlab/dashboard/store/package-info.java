/**
 * Persistence tests against the packaged service as a child process: PostgreSQL instead of the
 * embedded H2 file, and what survives a SIGKILL in the middle of an evaluation.
 */
@NullMarked
package dev.otlab.dashboard.store;

import org.jspecify.annotations.NullMarked;
