/**
 * Cross-cutting basics: the error type with codes and remedies, the registry of error codes and
 * their categories, and the component lifecycle.
 */
@NullMarked
package dev.otlab.core;

import org.jspecify.annotations.NullMarked;
