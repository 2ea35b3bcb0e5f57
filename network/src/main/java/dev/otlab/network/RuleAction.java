package dev.otlab.network;

/**
 * What a rule does with matching traffic. DENY drops silently (the client times out); REJECT
 * answers (a TCP reset, or a Modbus exception for a refused function), which is kinder to
 * legitimate clients and tells an attacker more.
 */
public enum RuleAction {
  ALLOW,
  DENY,
  REJECT
}
