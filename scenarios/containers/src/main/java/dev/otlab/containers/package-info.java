/**
 * The container lab's nodes: one lab image runs any role (a controller with its plant, a conduit
 * gateway between two zone networks, a probe acting as one host), each reading its part of the same
 * architecture file, so every node derives the same addressing plan without a coordinator.
 */
@NullMarked
package dev.otlab.containers;

import org.jspecify.annotations.NullMarked;
