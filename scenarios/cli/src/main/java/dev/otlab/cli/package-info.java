/**
 * The {@code otlab} command line (picocli); the {@code ./otlab} launcher runs {@link
 * dev.otlab.cli.Main}.
 */
@NullMarked
package dev.otlab.cli;

import org.jspecify.annotations.NullMarked;
