/**
 * Attack steps for the lab: the contract the orchestrator calls ({@link
 * dev.otlab.attacks.Technique}, {@link dev.otlab.attacks.AttackContext}, {@link
 * dev.otlab.attacks.StepOutcome}), the versioned ATT&amp;CK for ICS catalogue, and the guardrail
 * that keeps every packet inside the lab.
 */
@NullMarked
package dev.otlab.attacks;

import org.jspecify.annotations.NullMarked;
