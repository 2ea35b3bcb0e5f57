/** Tests of the REST API against the running service. */
@NullMarked
package dev.otlab.dashboard.api;

import org.jspecify.annotations.NullMarked;
