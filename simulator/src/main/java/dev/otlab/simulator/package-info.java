/**
 * The simulator module's own declarations that belong to none of its parts (its error catalogue).
 */
@NullMarked
package dev.otlab.simulator;

import org.jspecify.annotations.NullMarked;
