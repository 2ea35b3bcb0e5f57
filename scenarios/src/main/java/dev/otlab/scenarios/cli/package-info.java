/**
 * The {@code otlab} command line (picocli); the {@code ./otlab} launcher runs {@link
 * dev.otlab.scenarios.cli.Main}.
 */
@NullMarked
package dev.otlab.scenarios.cli;

import org.jspecify.annotations.NullMarked;
