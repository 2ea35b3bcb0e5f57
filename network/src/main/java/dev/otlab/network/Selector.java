package dev.otlab.network;

/**
 * The source or destination side of a rule: any host, every host of a zone, or one host.
 *
 * @param kind what {@code id} names
 * @param id zone or host id; empty for ANY
 */
public record Selector(Kind kind, String id) {

  public enum Kind {
    ANY,
    ZONE,
    HOST
  }

  public static final Selector ANY = new Selector(Kind.ANY, "");

  public Selector {
    if (kind != Kind.ANY && (id == null || id.isBlank())) {
      throw new IllegalArgumentException(kind + " selector needs an id");
    }
    if (kind == Kind.ANY) {
      id = "";
    }
  }

  public static Selector zone(String id) {
    return new Selector(Kind.ZONE, id);
  }

  public static Selector host(String id) {
    return new Selector(Kind.HOST, id);
  }

  /** Whether a host in {@code hostZones} with id {@code hostId} matches. */
  public boolean matches(String hostId, java.util.Collection<String> hostZones) {
    switch (kind) {
      case ANY:
        return true;
      case ZONE:
        return hostZones.contains(id);
      default:
        return hostId.equals(id);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.ANY ? "any" : (kind == Kind.ZONE ? "zone:" : "host:") + id;
  }
}
