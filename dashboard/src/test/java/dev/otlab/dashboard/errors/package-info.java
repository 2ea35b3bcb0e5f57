/** Tests that hold every thrown error code to the registry, and docs/errors.md to both. */
@NullMarked
package dev.otlab.dashboard.errors;

import org.jspecify.annotations.NullMarked;
