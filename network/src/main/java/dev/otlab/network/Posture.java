package dev.otlab.network;

import java.util.Set;

/**
 * How exposed a host is.
 *
 * @param remoteServices remote-access services it listens on
 * @param credentials strength of its accounts
 * @param opcUaModes OPC UA security modes its server offers (empty when it runs none)
 * @param opcUaAnonymous whether its OPC UA server accepts anonymous sessions
 */
public record Posture(
    Set<RemoteService> remoteServices,
    Credentials credentials,
    Set<OpcUaMode> opcUaModes,
    boolean opcUaAnonymous) {

  public static final Posture DEFAULT = new Posture(Set.of(), Credentials.STRONG, Set.of(), false);

  public Posture {
    remoteServices = Set.copyOf(remoteServices);
    opcUaModes = Set.copyOf(opcUaModes);
  }
}
