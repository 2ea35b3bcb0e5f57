package dev.otlab.attacks.techniques;

/** T0859 Valid Accounts: OPC UA login with credentials the scenario says were stolen. */
public final class ValidAccounts extends CredentialLogin {
  public ValidAccounts() {
    super("T0859", null, null);
  }
}
