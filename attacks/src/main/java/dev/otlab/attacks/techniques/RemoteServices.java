package dev.otlab.attacks.techniques;

/**
 * T0886 Remote Services: logs in to a remote-access service with guessed (weak or default)
 * credentials; a modelled pivot.
 */
public final class RemoteServices extends Pivot {
  public RemoteServices() {
    super("T0886");
  }

  @Override
  String how() {
    return "log-in with guessed credentials";
  }
}
