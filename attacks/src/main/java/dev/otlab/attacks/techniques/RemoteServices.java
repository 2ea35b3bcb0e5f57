package dev.otlab.attacks.techniques;

/**
 * T0886 Remote Services: logs in to a remote-access service as {@link Login} decides (a held
 * account, a hijacked live session, a guessed password) and moves the attacker there.
 */
public final class RemoteServices extends Pivot {
  public RemoteServices() {
    super("T0886");
  }

  @Override
  String how() {
    return "remote log-in";
  }
}
