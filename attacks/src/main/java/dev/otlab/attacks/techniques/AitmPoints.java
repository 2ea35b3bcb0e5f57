package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.aitm.Cell;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What T0830 and T0856 share: the client of a route, tags as Modbus cells, and raw values. */
final class AitmPoints {

  private AitmPoints() {}

  /** {@code client}: a host id or {@code role:R} (the first host with role R); default the HMI. */
  static HostSpec client(AttackContext ctx, Params p) {
    String c = p.string("client", "role:" + Names.yaml(HostRole.HMI));
    if (c.startsWith("role:")) {
      String role = c.substring(5);
      return ctx.architecture().hosts().stream()
          .filter(h -> Names.yaml(h.role()).equals(role))
          .findFirst()
          .orElseThrow(
              () -> new Params.Bad("architecture has no host with role '" + role + "' (client)"));
    }
    return AbstractTechnique.host(ctx, c);
  }

  static PointSpec point(AttackContext ctx, String host, String tag) {
    return AbstractTechnique.point(ctx, host, tag)
        .orElseThrow(
            () ->
                new Params.Bad("host '" + host + "' has no tag '" + tag + "' in the plant's map"));
  }

  /** Every point of the host's controller. */
  static List<PointSpec> all(AttackContext ctx, String host) {
    return AbstractTechnique.controller(ctx, host).stream()
        .flatMap(c -> c.points().stream())
        .map(PointBinding::point)
        .toList();
  }

  static List<Cell> cells(PointSpec p) {
    List<Cell> out = new ArrayList<>();
    for (int i = 0; i < p.type().words(); i++) {
      out.add(new Cell(p.table(), p.address() + i));
    }
    return out;
  }

  /** Raw words (or a 0/1 bit) for an engineering value, checked against the register's type. */
  static int[] raw(PointSpec p, String value) {
    if (p.table().isBit()) {
      return new int[] {Params.bool(p.tag(), value) ? 1 : 0};
    }
    double v = Params.decimal(p.tag(), value);
    if (p.type() == DataType.FLOAT32) {
      int bits = Float.floatToRawIntBits((float) v);
      return new int[] {bits >>> 16, bits & 0xFFFF};
    }
    long r = Math.round(v * p.scale());
    long min = p.type() == DataType.UINT16 ? 0 : Short.MIN_VALUE;
    long max = p.type() == DataType.UINT16 ? 0xFFFF : Short.MAX_VALUE;
    if (r < min || r > max) {
      throw new Params.Bad("value " + value + " for '" + p.tag() + "' does not fit its register");
    }
    return new int[] {(int) r & 0xFFFF};
  }

  /** {@code a=1; b=true} (commas work too) in the order given. */
  static Map<String, String> assignments(String name, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split("[;,]")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new Params.Bad(
            "parameter '" + name + "' has '" + part.strip() + "'; write tag=value; tag=value");
      }
      out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
    }
    if (out.isEmpty()) {
      throw new Params.Bad("parameter '" + name + "' names no tag=value");
    }
    return out;
  }

  /** The write request PDU a client would send: FC05 for a coil, FC06 or FC16 for registers. */
  static byte[] writePdu(PointSpec p, int[] raw) {
    int a = p.address();
    if (p.table().isBit()) {
      return new byte[] {5, (byte) (a >> 8), (byte) a, (byte) (raw[0] != 0 ? 0xFF : 0), 0};
    }
    if (raw.length == 1) {
      return new byte[] {6, (byte) (a >> 8), (byte) a, (byte) (raw[0] >> 8), (byte) raw[0]};
    }
    byte[] pdu = new byte[6 + 2 * raw.length];
    pdu[0] = 16;
    pdu[1] = (byte) (a >> 8);
    pdu[2] = (byte) a;
    pdu[4] = (byte) raw.length;
    pdu[5] = (byte) (2 * raw.length);
    for (int i = 0; i < raw.length; i++) {
      pdu[6 + 2 * i] = (byte) (raw[i] >> 8);
      pdu[7 + 2 * i] = (byte) raw[i];
    }
    return pdu;
  }
}
