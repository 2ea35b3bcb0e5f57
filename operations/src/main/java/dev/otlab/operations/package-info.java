/**
 * Benign operations that run in every lab: HMI polling and operator setpoint changes, historian
 * collection and its pushes to a DMZ mirror, engineering status reads and downloads, vendors'
 * remote sessions in the maintenance window, all as real protocol traffic through the lab network,
 * recorded as ground truth so that detection and scoring can tell them from attacks.
 */
@NullMarked
package dev.otlab.operations;

import org.jspecify.annotations.NullMarked;
