/**
 * The lab orchestrator: assembles one running lab from a plant and an architecture (process,
 * controllers, their servers, the embedded network of conduit relays) on one lab clock.
 */
@NullMarked
package dev.otlab.lab;

import org.jspecify.annotations.NullMarked;
