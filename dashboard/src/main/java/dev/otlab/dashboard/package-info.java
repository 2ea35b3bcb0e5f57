/**
 * The otlab dashboard: a Quarkus service around the lab engine. It runs, scores, stores and shows
 * runs and evaluations; it does not reimplement any of them.
 */
@NullMarked
package dev.otlab.dashboard;

import org.jspecify.annotations.NullMarked;
