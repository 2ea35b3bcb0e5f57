package dev.otlab.network;

/**
 * What a conduit sends to the SOC's log, as a real firewall or data diode does: nothing, its
 * refusals, or its refusals and a record of each session it let open. Message-level allows (each
 * Modbus request a DPI conduit passes) are never logged: a firewall logs sessions, not requests.
 */
public enum ConduitLog {
  /** Nothing: only a tap on the conduit tells detection what crossed it. */
  NONE,
  /** Every refused connection and message. */
  DENIALS,
  /** Every refusal and every allowed connection (a session record). */
  DECISIONS
}
