/** The dashboard image: built from this module's package and run as a container. */
@NullMarked
package dev.otlab.dashboard.container;

import org.jspecify.annotations.NullMarked;
