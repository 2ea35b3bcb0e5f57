package dev.otlab.network;

/**
 * A security zone.
 *
 * @param id zone id
 * @param level Purdue level: 0 to 5, 3.5 for the DMZ between IT and OT
 * @param securityLevelTarget IEC 62443 security level target, 1 to 4
 * @param description what lives there
 */
public record ZoneSpec(String id, double level, int securityLevelTarget, String description) {

  public ZoneSpec {
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
