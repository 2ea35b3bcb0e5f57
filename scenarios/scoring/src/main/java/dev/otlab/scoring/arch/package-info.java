/**
 * Architecture files: loading and validation, rule matching and reachability through conduit
 * chains, attack paths and the static checks behind {@code otlab check}. Pure code without sockets,
 * so the embedded lab, the attack runner and scoring can share the same answers.
 */
@NullMarked
package dev.otlab.scoring.arch;

import org.jspecify.annotations.NullMarked;
