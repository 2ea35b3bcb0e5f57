/**
 * Detection for the lab: sensors' protocol events and process values in, alerts out. The contract
 * the orchestrator, scoring and the dashboard read is {@link dev.otlab.detection.Alert}.
 */
@NullMarked
package dev.otlab.detection;

import org.jspecify.annotations.NullMarked;
