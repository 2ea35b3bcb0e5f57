package dev.otlab.scoring.arch;

/** How bad a finding is; any HIGH finding fails {@code otlab check}. Most severe first. */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW,
  INFO
}
