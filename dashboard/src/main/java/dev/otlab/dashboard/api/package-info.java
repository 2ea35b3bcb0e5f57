/**
 * The REST API under {@code /api}: library, runs and evaluations with their live streams and
 * downloads, comparisons, users and the audit log; one JSON error shape for every failure.
 */
@NullMarked
package dev.otlab.dashboard.api;

import org.jspecify.annotations.NullMarked;
