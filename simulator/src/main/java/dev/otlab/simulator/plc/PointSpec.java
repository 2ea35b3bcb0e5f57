package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;

/**
 * One tag in a controller's process image and where it sits in the Modbus map.
 *
 * @param tag tag name, unique per controller (also the OPC UA browse name)
 * @param table Modbus table
 * @param address zero-based Modbus address of the first bit or register
 * @param type encoding
 * @param scale raw = round(engineering * scale) for INT16 and UINT16; 1 otherwise
 * @param unit engineering unit, for humans and OPC UA EngineeringUnits
 * @param writable whether a client may write it (a measurement never is)
 * @param min lowest engineering value a write may set (the operating envelope)
 * @param max highest engineering value a write may set
 * @param description what the point means
 */
public record PointSpec(
    String tag,
    Table table,
    int address,
    DataType type,
    double scale,
    String unit,
    boolean writable,
    double min,
    double max,
    String description) {

  public PointSpec {
    String where = "point '" + tag + "'";
    if (tag == null || !tag.matches("[a-z][a-z0-9_]*")) {
      throw invalid(where, "tag must be lower_snake_case", "Rename the tag, e.g. raw_level.");
    }
    if (table.isBit() != (type == DataType.BOOL)) {
      throw invalid(
          where,
          "type " + type.yamlName() + " does not fit table " + table.yamlName(),
          "Use type bool in coil/discrete-input tables and int16, uint16 or float32 in register"
              + " tables.");
    }
    if (address < 0 || address + type.words() - 1 > 0xFFFF) {
      throw invalid(
          where, "address " + address + " is outside 0..65535", "Pick an address in range.");
    }
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw invalid(
          where,
          "scale " + scale + " is not a positive number",
          "Use a scale such as 1, 10 or 100.");
    }
    if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
      throw invalid(
          where,
          "range [" + min + ", " + max + "] is not a finite, ordered range",
          "Give min <= max.");
    }
    if (writable && !table.isWritableTable()) {
      throw invalid(
          where,
          "is writable but sits in the read-only table " + table.yamlName(),
          "Move it to coil or holding-register, or make it read-only.");
    }
    if (type == DataType.INT16 || type == DataType.UINT16) {
      double lo = type == DataType.INT16 ? Short.MIN_VALUE : 0;
      double hi = type == DataType.INT16 ? Short.MAX_VALUE : 0xFFFF;
      if (min * scale < lo - 0.5 || max * scale > hi + 0.5) {
        throw invalid(
            where,
            "range ["
                + min
                + ", "
                + max
                + "] times scale "
                + scale
                + " does not fit "
                + type.yamlName(),
            "Lower the scale or use float32.");
      }
    }
    unit = unit == null ? "" : unit;
    description = description == null ? "" : description;
  }

  private static OtlabException invalid(String where, String what, String fix) {
    return new OtlabException("POINT_INVALID", where + ": " + what + ".", fix);
  }

  /** Last address the point occupies. */
  public int lastAddress() {
    return address + type.words() - 1;
  }
}
