/**
 * The lab's speed benchmark, run by {@code bench/run}: per plant, the bare plant's speed, a benign
 * run's speed beside it, the requests it made, the latency a relay hop adds, and whole-suite
 * evaluations through the launcher with their wall time and peak memory. It measures and asserts
 * nothing; its table and JSON let two runs of it (before and after a change) be compared.
 */
@NullMarked
package dev.otlab.bench;

import org.jspecify.annotations.NullMarked;
