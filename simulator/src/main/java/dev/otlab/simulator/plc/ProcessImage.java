package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * A controller's memory: one engineering value per point, encoded into Modbus words on demand.
 * Protocol threads and the scan cycle share it, so every access holds the image's lock; a scan
 * never sees half of a multi-register write.
 *
 * <p>The controller that owns the image writes through {@link #set(String, double)}, which skips
 * the envelope checks (a PLC may drive its own outputs anywhere); clients go through the {@link
 * ControllerEndpoint} methods, which validate.
 */
public final class ProcessImage implements ControllerEndpoint {

  private record Slot(int point, int word) {}

  private final String id;
  private final int unitId;
  private final String description;
  private final DeviceIdentity identity;
  private final List<PointSpec> points;
  private final Map<String, Integer> byTag = new HashMap<>();
  private final Map<Table, Map<Integer, Slot>> byAddress = new EnumMap<>(Table.class);
  private final double[] values;
  private final double[] updated;
  private final Quality[] quality;
  private final DoubleSupplier time;
  private volatile boolean available = true;

  public ProcessImage(
      String id,
      int unitId,
      String description,
      DeviceIdentity identity,
      List<PointSpec> points,
      DoubleSupplier time) {
    if (unitId < 0 || unitId > 255) {
      throw new OtlabException(
          "UNIT_ID_INVALID",
          "Controller '" + id + "' has Modbus unit id " + unitId + ".",
          "Use a unit id from 0 to 255 (1 to 247 for most devices).");
    }
    this.id = id;
    this.unitId = unitId;
    this.description = description;
    this.identity = identity;
    this.points = List.copyOf(points);
    this.time = time;
    for (Table t : Table.values()) {
      byAddress.put(t, new HashMap<>());
    }
    for (int i = 0; i < this.points.size(); i++) {
      PointSpec p = this.points.get(i);
      if (byTag.put(p.tag(), i) != null) {
        throw new OtlabException(
            "POINT_DUPLICATE",
            "Controller '" + id + "' declares tag '" + p.tag() + "' twice.",
            "Give every point of a controller its own tag.");
      }
      for (int w = 0; w < p.type().words(); w++) {
        Slot previous = byAddress.get(p.table()).put(p.address() + w, new Slot(i, w));
        if (previous != null) {
          throw new OtlabException(
              "POINT_OVERLAP",
              "Controller '"
                  + id
                  + "': '"
                  + p.tag()
                  + "' and '"
                  + this.points.get(previous.point()).tag()
                  + "' share "
                  + p.table().yamlName()
                  + " address "
                  + (p.address() + w)
                  + ".",
              "Move one of them to a free address.");
        }
      }
    }
    values = new double[this.points.size()];
    updated = new double[this.points.size()];
    quality = new Quality[this.points.size()];
    java.util.Arrays.fill(quality, Quality.GOOD);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int unitId() {
    return unitId;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public DeviceIdentity identity() {
    return identity;
  }

  @Override
  public List<PointSpec> points() {
    return points;
  }

  @Override
  public Optional<PointSpec> point(String tag) {
    Integer i = byTag.get(tag);
    return i == null ? Optional.empty() : Optional.of(points.get(i));
  }

  /**
   * Marks the controller as not serving (a crashed or stopped device): reads and writes are
   * rejected with {@link Rejection#DEVICE_FAILURE} until it is available again.
   */
  public void setAvailable(boolean available) {
    this.available = available;
  }

  // ---- owner access (no envelope checks) -------------------------------------------------

  /** Value of a tag; the owning controller's view. */
  public synchronized double get(String tag) {
    return values[index(tag)];
  }

  /** Sets a tag from the owning controller (scan outputs, latched inputs). */
  public synchronized void set(String tag, double value) {
    int i = index(tag);
    values[i] = value;
    updated[i] = time.getAsDouble();
  }

  /** Sets a tag's quality, e.g. BAD when its sensor failed. */
  public synchronized void setQuality(String tag, Quality q) {
    quality[index(tag)] = q;
  }

  /** A consistent copy of every value, keyed by tag. */
  public synchronized Map<String, Double> snapshot() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      m.put(points.get(i).tag(), values[i]);
    }
    return m;
  }

  private int index(String tag) {
    Integer i = byTag.get(tag);
    if (i == null) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Controller '" + id + "' has no tag '" + tag + "'.",
          "Use one of: " + byTag.keySet() + ".");
    }
    return i;
  }

  // ---- client access (validated) ---------------------------------------------------------

  @Override
  public synchronized ReadResult readBits(Table table, int address, int count) {
    if (!table.isBit()) {
      return new Rejected(Rejection.ILLEGAL_ADDRESS, table.yamlName() + " is not a bit table");
    }
    Rejected r = checkRange(table, address, count);
    if (r != null) {
      return r;
    }
    boolean[] out = new boolean[count];
    Map<Integer, Slot> slots = byAddress.get(table);
    for (int k = 0; k < count; k++) {
      out[k] = values[slots.get(address + k).point()] != 0;
    }
    return new ReadResult.Bits(out);
  }

  @Override
  public synchronized ReadResult readWords(Table table, int address, int count) {
    if (table.isBit()) {
      return new Rejected(Rejection.ILLEGAL_ADDRESS, table.yamlName() + " is not a register table");
    }
    Rejected r = checkRange(table, address, count);
    if (r != null) {
      return r;
    }
    short[] out = new short[count];
    Map<Integer, Slot> slots = byAddress.get(table);
    for (int k = 0; k < count; k++) {
      Slot s = slots.get(address + k);
      out[k] = encode(points.get(s.point()), values[s.point()], s.word());
    }
    return new ReadResult.Words(out);
  }

  private Rejected checkRange(Table table, int address, int count) {
    if (!available) {
      return new Rejected(Rejection.DEVICE_FAILURE, "controller '" + id + "' is not running");
    }
    if (address < 0 || count < 1 || address + count - 1 > 0xFFFF) {
      return new Rejected(
          Rejection.ILLEGAL_ADDRESS,
          "range " + address + "+" + count + " leaves the 0..65535 address space");
    }
    Map<Integer, Slot> slots = byAddress.get(table);
    for (int a = address; a < address + count; a++) {
      if (!slots.containsKey(a)) {
        return new Rejected(
            Rejection.ILLEGAL_ADDRESS,
            table.yamlName() + " address " + a + " is not mapped on '" + id + "'");
      }
    }
    return null;
  }

  static short encode(PointSpec p, double v, int word) {
    switch (p.type()) {
      case FLOAT32:
        int bits = Float.floatToIntBits((float) v);
        return (short) (word == 0 ? bits >>> 16 : bits);
      case INT16:
        return (short)
            Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v * p.scale())));
      case UINT16:
        return (short) Math.max(0, Math.min(0xFFFF, Math.round(v * p.scale())));
      default:
        return (short) (v != 0 ? 1 : 0);
    }
  }

  @Override
  public synchronized WriteResult writeCoils(int address, boolean[] newValues) {
    Rejected r = checkRange(Table.COIL, address, newValues.length);
    if (r != null) {
      return r;
    }
    Map<Integer, Slot> slots = byAddress.get(Table.COIL);
    for (int k = 0; k < newValues.length; k++) {
      PointSpec p = points.get(slots.get(address + k).point());
      if (!p.writable()) {
        return readOnly(p);
      }
    }
    List<String> tags = new ArrayList<>();
    for (int k = 0; k < newValues.length; k++) {
      int i = slots.get(address + k).point();
      apply(i, newValues[k] ? 1 : 0);
      tags.add(points.get(i).tag());
    }
    return new WriteResult.Written(tags);
  }

  @Override
  public synchronized WriteResult writeRegisters(int address, short[] words) {
    Rejected r = checkRange(Table.HOLDING_REGISTER, address, words.length);
    if (r != null) {
      return r;
    }
    Map<Integer, Slot> slots = byAddress.get(Table.HOLDING_REGISTER);
    Slot first = slots.get(address);
    Slot last = slots.get(address + words.length - 1);
    if (first.word() != 0 || last.word() != points.get(last.point()).type().words() - 1) {
      return new Rejected(
          Rejection.ILLEGAL_ADDRESS,
          "write covers only part of a 32-bit point; write both registers of '"
              + points.get(first.word() != 0 ? first.point() : last.point()).tag()
              + "' together");
    }
    // Decode and validate every point before applying any: a write is all or nothing.
    List<Integer> idx = new ArrayList<>();
    List<Double> decoded = new ArrayList<>();
    int k = 0;
    while (k < words.length) {
      Slot s = slots.get(address + k);
      PointSpec p = points.get(s.point());
      if (!p.writable()) {
        return readOnly(p);
      }
      double v;
      switch (p.type()) {
        case FLOAT32:
          v = Float.intBitsToFloat(((words[k] & 0xFFFF) << 16) | (words[k + 1] & 0xFFFF));
          break;
        case UINT16:
          v = (words[k] & 0xFFFF) / p.scale();
          break;
        default:
          v = words[k] / p.scale();
          break;
      }
      Rejected bad = checkValue(p, v);
      if (bad != null) {
        return bad;
      }
      idx.add(s.point());
      decoded.add(v);
      k += p.type().words();
    }
    List<String> tags = new ArrayList<>();
    for (int j = 0; j < idx.size(); j++) {
      apply(idx.get(j), decoded.get(j));
      tags.add(points.get(idx.get(j)).tag());
    }
    return new WriteResult.Written(tags);
  }

  @Override
  public synchronized Optional<TagValue> readTag(String tag) {
    Integer i = byTag.get(tag);
    if (i == null) {
      return Optional.empty();
    }
    Quality q = available ? quality[i] : Quality.BAD;
    return Optional.of(new TagValue(tag, values[i], q, updated[i]));
  }

  @Override
  public synchronized WriteResult writeTag(String tag, Object value) {
    Integer i = byTag.get(tag);
    if (i == null) {
      return new Rejected(Rejection.ILLEGAL_ADDRESS, "'" + id + "' has no tag '" + tag + "'");
    }
    if (!available) {
      return new Rejected(Rejection.DEVICE_FAILURE, "controller '" + id + "' is not running");
    }
    PointSpec p = points.get(i);
    if (!p.writable()) {
      return readOnly(p);
    }
    double v;
    if (p.type() == DataType.BOOL) {
      if (!(value instanceof Boolean b)) {
        return new Rejected(
            Rejection.TYPE_MISMATCH, "'" + tag + "' is boolean; got " + typeName(value));
      }
      v = b ? 1 : 0;
    } else {
      if (!(value instanceof Number n)) {
        return new Rejected(
            Rejection.TYPE_MISMATCH, "'" + tag + "' is numeric; got " + typeName(value));
      }
      v = n.doubleValue();
      Rejected bad = checkValue(p, v);
      if (bad != null) {
        return bad;
      }
      if (p.type() != DataType.FLOAT32) {
        // Integer encodings hold round(v * scale): store what a read will give back.
        v = Math.round(v * p.scale()) / p.scale();
      }
    }
    apply(i, v);
    return new WriteResult.Written(List.of(tag));
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  private Rejected checkValue(PointSpec p, double v) {
    if (!Double.isFinite(v)) {
      return new Rejected(Rejection.NOT_A_NUMBER, "'" + p.tag() + "' cannot take " + v);
    }
    if (v < p.min() || v > p.max()) {
      return new Rejected(
          Rejection.OUT_OF_RANGE,
          "'"
              + p.tag()
              + "' must stay within ["
              + p.min()
              + ", "
              + p.max()
              + "] "
              + p.unit()
              + "; got "
              + v);
    }
    return null;
  }

  private Rejected readOnly(PointSpec p) {
    return new Rejected(Rejection.READ_ONLY, "'" + p.tag() + "' on '" + id + "' is read-only");
  }

  private void apply(int i, double v) {
    values[i] = v;
    updated[i] = time.getAsDouble();
  }
}
