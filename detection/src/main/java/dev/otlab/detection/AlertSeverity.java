package dev.otlab.detection;

/** How urgent an alert is, most severe first; CEF export maps these to its 0 to 10 scale. */
public enum AlertSeverity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW
}
