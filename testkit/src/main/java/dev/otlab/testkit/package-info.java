/** Test helpers every module shares: the module graph and the architecture rules. */
@NullMarked
package dev.otlab.testkit;

import org.jspecify.annotations.NullMarked;
