package dev.otlab.network;

/** What a host is for; scenarios name targets by role so they run on every architecture. */
public enum HostRole {
  PLC,
  SIS,
  HMI,
  HISTORIAN,
  ENGINEERING_WS,
  JUMP_HOST,
  WORKSTATION,
  VENDOR_REMOTE
}
