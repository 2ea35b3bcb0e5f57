package dev.otlab.simulator.plc;

/** Per-reading quality, as OPC UA and historians carry it, instead of exceptions for data. */
public enum Quality {
  GOOD,
  UNCERTAIN,
  BAD
}
