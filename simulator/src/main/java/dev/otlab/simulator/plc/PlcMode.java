package dev.otlab.simulator.plc;

/**
 * Operating mode of a controller. Only RUN executes the control program; PROGRAM (accepting a
 * download) and STOP hold the outputs at their last values, the "hold last state" setting most
 * plants choose so that a mode change does not slam valves.
 */
public enum PlcMode {
  RUN(1),
  PROGRAM(2),
  STOP(3);

  private final int code;

  PlcMode(int code) {
    this.code = code;
  }

  /** Numeric code as exposed in a mode register. */
  public int code() {
    return code;
  }

  public static PlcMode fromCode(int code) {
    for (PlcMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new IllegalArgumentException("no PLC mode with code " + code);
  }
}
