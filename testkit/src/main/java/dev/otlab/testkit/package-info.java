/**
 * Test helpers every module shares: the module graph and the architecture rules, and the Requires
 * annotations that skip a test missing a tool (naming how to install it) on a developer machine and
 * fail it under {@code CI=true}.
 */
@NullMarked
package dev.otlab.testkit;

import org.jspecify.annotations.NullMarked;
