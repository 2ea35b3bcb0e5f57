package dev.otlab.network;

/**
 * A security zone.
 *
 * @param id zone id
 * @param level Purdue level: 0 to 5, 3.5 for the DMZ between IT and OT
 * @param securityLevelTarget IEC 62443 security level target, 1 to 4
 * @param description what lives there
 * @param site the site (a place with machines of its own) the zone is at; a container lab spread
 *     over several machines places the zone's gateways and hosts on the machines of its site.
 *     {@value #DEFAULT_SITE} unless the architecture says otherwise.
 */
public record ZoneSpec(
    String id, double level, int securityLevelTarget, String description, String site) {

  /** The site of a zone that names none: every zone of a one-site architecture. */
  public static final String DEFAULT_SITE = "main";

  /** A zone at the default site. */
  public ZoneSpec(String id, double level, int securityLevelTarget, String description) {
    this(id, level, securityLevelTarget, description, DEFAULT_SITE);
  }

  public ZoneSpec {
    if (site == null || !site.matches("[a-z][a-z0-9_-]*")) {
      throw new IllegalArgumentException(
          id + ": site must be a lower-case id (letters, digits, '-', '_')");
    }
    if (!(level >= 0 && level <= 5) || (level != Math.rint(level) && level != 3.5)) {
      throw new IllegalArgumentException(id + ": Purdue level must be 0..5 or 3.5");
    }
    if (securityLevelTarget < 1 || securityLevelTarget > 4) {
      throw new IllegalArgumentException(id + ": security level target must be 1..4");
    }
  }

  /** Levels 0 to 2: field, control and supervisory, where physical harm starts. */
  public boolean isControl() {
    return level <= 2;
  }

  /** Levels 4 and 5: enterprise and internet-facing. */
  public boolean isEnterprise() {
    return level >= 4;
  }

  public boolean isDmz() {
    return level == 3.5;
  }
}
