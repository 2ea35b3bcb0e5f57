/** Alerts out of the lab: JSON lines for files and pipelines, CEF over UDP syslog for a SIEM. */
@NullMarked
package dev.otlab.detection.export;

import org.jspecify.annotations.NullMarked;
