/** Tests of the live channel and the report. */
@NullMarked
package dev.otlab.dashboard.jobs;

import org.jspecify.annotations.NullMarked;
