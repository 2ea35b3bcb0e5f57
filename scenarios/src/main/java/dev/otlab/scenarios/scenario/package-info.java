/**
 * Attack scenarios: the file format (foothold entry point, ATT&CK-tagged steps with triggers, an
 * objective), its loader and validation, and the run that plays a scenario against a lab.
 */
@NullMarked
package dev.otlab.scenarios.scenario;

import org.jspecify.annotations.NullMarked;
