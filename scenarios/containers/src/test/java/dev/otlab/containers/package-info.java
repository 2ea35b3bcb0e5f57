/** Unit tests of the container lab's plan, compose file and node parts (no Docker, no sockets). */
@NullMarked
package dev.otlab.containers;

import org.jspecify.annotations.NullMarked;
