/**
 * Physical processes as Commons Math ODEs, their integration between scans, and safety limits as
 * event handlers. Each model documents its equations and is tested against a published or
 * closed-form reference.
 */
@NullMarked
package dev.otlab.process;

import org.jspecify.annotations.NullMarked;
