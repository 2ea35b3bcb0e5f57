package dev.otlab.network;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An account of the architecture: one name and password that logs in to some services of some
 * hosts. Listed on more than one host it is a shared (domain) or reused account, which is what lets
 * a credential stolen on one host open another.
 *
 * @param id account id, what scenarios and checks name it by
 * @param user the account name a log-in sends (an RDP cookie, an SSH user, an OPC UA user name)
 * @param services the services it logs in to: remote-access services and {@link Protocol#OPCUA}
 * @param hosts hosts that accept it, in file order
 * @param strength how guessable its password is; weak and default ones fall to guessing
 * @param mfa whether a log-in also needs a second factor the attacker does not hold: a stolen
 *     password alone then opens nothing, only a live session taken over does
 * @param savedOn hosts where the password is stored (an engineering workstation's saved sessions, a
 *     historian's OPC UA client configuration): whoever holds such a host can take it
 * @param description free text
 */
public record AccountSpec(
    String id,
    String user,
    Set<Protocol> services,
    List<String> hosts,
    Credentials strength,
    boolean mfa,
    List<String> savedOn,
    String description) {

  public AccountSpec {
    if (id.isBlank() || user.isBlank()) {
      throw new IllegalArgumentException("an account has an id and a user name");
    }
    services = services.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(services));
    for (Protocol p : services) {
      if (!loggable(p)) {
        throw new IllegalArgumentException(
            id + ": " + p + " has no accounts; use remote-access services or opcua");
      }
    }
    if (services.isEmpty()) {
      throw new IllegalArgumentException(id + ": an account logs in to at least one service");
    }
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(id + ": an account is accepted by at least one host");
    }
    savedOn = List.copyOf(savedOn);
  }

  /** Whether a protocol has accounts to log in with: the remote-access services and OPC UA. */
  public static boolean loggable(Protocol p) {
    return p == Protocol.OPCUA || RemoteService.of(p).isPresent();
  }

  /** Whether this account logs in to {@code protocol} on {@code host}. */
  public boolean opens(String host, Protocol protocol) {
    return hosts.contains(host) && services.contains(protocol);
  }

  /**
   * Whether the password is kept on {@code hostId}: saved there ({@link #savedOn}), or cached there
   * because the account logs in on it ({@link #hosts}). Whoever holds that host can take the
   * account: T0893 Data from Local System harvests exactly these accounts, the static check's
   * attack paths assume every host an attacker holds yields them, and the benign operations pick
   * the account a host's own sessions log in with by the same rule, so all three agree.
   */
  public boolean keptOn(String hostId) {
    return savedOn.contains(hostId) || hosts.contains(hostId);
  }

  /** Whether the same password opens more than one host. */
  public boolean shared() {
    return hosts.size() > 1;
  }

  /**
   * Whether guessing finds the password: default and weak ones, when no second factor guards it.
   */
  public boolean guessable() {
    return strength != Credentials.STRONG && !mfa;
  }

  /**
   * The password the lab's servers accept for this account. Derived from the account, so every run
   * and both labs agree: a default password is the user name (what vendors ship), a weak one the
   * user name and {@code 123}, a strong one 24 hex digits no guess finds.
   */
  public String password() {
    return switch (strength) {
      case DEFAULT -> user;
      case WEAK -> user + "123";
      case STRONG -> strongPassword();
    };
  }

  private String strongPassword() {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("otlab-account:" + id + ":" + user).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
