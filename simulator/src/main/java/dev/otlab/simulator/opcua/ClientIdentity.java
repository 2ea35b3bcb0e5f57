package dev.otlab.simulator.opcua;

/** Who an {@link OpcUaClientSession} logs in as. */
public sealed interface ClientIdentity
    permits ClientIdentity.Anonymous, ClientIdentity.UserPassword {

  static ClientIdentity anonymous() {
    return new Anonymous();
  }

  static ClientIdentity user(String username, String password) {
    return new UserPassword(username, password);
  }

  /**
   * The anonymous token. It is sent even when the server does not advertise an anonymous policy, so
   * that attack steps can check that the server refuses it rather than trusting the client.
   */
  record Anonymous() implements ClientIdentity {}

  /** A user name token; the password is encrypted with the server certificate on the wire. */
  record UserPassword(String username, String password) implements ClientIdentity {
    public UserPassword {
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("username must not be blank");
      }
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "UserPassword[username=" + username + "]";
    }
  }
}
