/**
 * Benign operations that run in every lab: HMI polling and operator setpoint changes, historian
 * collection and engineering status reads and downloads, all as real protocol traffic through the
 * lab network, recorded as ground truth so that detection and scoring can tell them from attacks.
 */
@NullMarked
package dev.otlab.operations;

import org.jspecify.annotations.NullMarked;
