package dev.otlab.operations;

import java.util.Optional;

/**
 * Whether the architecture's accounts let their owners log in now: a defender may disable one while
 * a run plays, and the benign sessions that use it (vendors' remote sessions, the historian's OPC
 * UA user) are refused from then on, recorded as denied. A reset password does not stop its owners:
 * they log in with the new one.
 */
@FunctionalInterface
public interface AccountGate {

  /** Why the owners of account {@code accountId} cannot log in now, or empty when they can. */
  Optional<String> refusal(String accountId);

  /** Every account open. */
  AccountGate OPEN = id -> Optional.empty();
}
