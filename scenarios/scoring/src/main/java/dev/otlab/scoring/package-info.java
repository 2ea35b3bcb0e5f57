/**
 * Scoring: a scorecard per run computed only from its trace (and the benign twin's), and an
 * evaluation per architecture, detection profile and suite with sub-scores, a weighted total,
 * ATT&CK for ICS coverage, static findings and a per-zone attacker estimate. The formulas are in
 * {@code docs/scoring.md}; the constants live in {@link dev.otlab.scoring.Weights}.
 */
@NullMarked
package dev.otlab.scoring;

import org.jspecify.annotations.NullMarked;
