package dev.otlab.attacks.techniques;

/** T0812 Default Credentials: OPC UA login as operator/operator unless the step names others. */
public final class DefaultCredentials extends CredentialLogin {
  public DefaultCredentials() {
    super("T0812", "operator", "operator");
  }
}
