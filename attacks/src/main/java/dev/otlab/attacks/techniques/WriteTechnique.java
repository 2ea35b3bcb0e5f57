package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.Guardrail;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.core.OtlabException;
import dev.otlab.network.MqttFilter;
import dev.otlab.network.Posture;
import dev.otlab.network.Protocol;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.remote.LabTls;
import dev.otlab.simulator.modbus.ModbusConnection;
import dev.otlab.simulator.mqtt.MqttLink;
import dev.otlab.simulator.opcua.ClientIdentity;
import dev.otlab.simulator.opcua.OpcUaClientSession;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Table;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Writes one point, once or repeatedly, over Modbus ({@code address:} or {@code tag:}) or OPC UA
 * ({@code tag:} with {@code protocol: opcua}). All writes of a step share one connection, as a real
 * tool's would.
 *
 * <p>Parameters: {@code target}; {@code address} or {@code tag}; {@code value}; {@code protocol}
 * (modbus, opcua); {@code table} (coil, holding) and {@code type} (bool, int16, uint16, float32)
 * for addresses; {@code unit}; {@code count}; {@code alternate} (a second value to toggle with);
 * {@code security}, {@code username}, {@code password} for OPC UA.
 *
 * <p>Over MQTT ({@code protocol: mqtt}, {@code target} a broker host) the write is a publish of
 * {@code value} in the lab's JSON style ({@code {"ts":...,"value":...}}) on {@code topic}: a
 * setpoint command on {@code <site>/<plc>/<tag>/set} that a gateway with write-back applies, or a
 * spoofed value on {@code <site>/<plc>/<tag>}; with {@code qos} (default 1, so the broker's
 * acknowledgement, or a conduit's refusal, comes back), {@code retain}, {@code clientId} (default
 * {@code otlab-<acting host>}) and {@code username}/{@code password} for the CONNECT.
 */
abstract class WriteTechnique extends AbstractTechnique {

  static final Set<String> OPTIONAL =
      Set.of(
          "address",
          "tag",
          "value",
          "protocol",
          "table",
          "type",
          "unit",
          "count",
          "alternate",
          "security",
          "username",
          "password",
          "topic",
          "qos",
          "retain",
          "clientId");

  private final String defaultTable;
  private final @Nullable String defaultValue;
  private final int defaultCount;
  private final boolean toggle;

  /**
   * @param defaultTable coil or holding, for {@code address:} writes without {@code table:}
   * @param defaultValue value when the step gives none (null: required)
   * @param defaultCount writes per step when the step gives no {@code count}
   * @param toggle whether repeated bit writes alternate (brute force) rather than repeat (hold)
   */
  WriteTechnique(
      String id,
      String defaultTable,
      @Nullable String defaultValue,
      int defaultCount,
      boolean toggle) {
    super(id, Set.of("target"), OPTIONAL);
    this.defaultTable = defaultTable;
    this.defaultValue = defaultValue;
    this.defaultCount = defaultCount;
    this.toggle = toggle;
  }

  /** What to write where, resolved from the parameters and the plant's register map. */
  private record Point(
      Table table, int address, DataType type, double scale, @Nullable String tag) {}

  abstract String verb();

  @Override
  final void checkValues(Checks c) {
    checkCommon(c);
    Params p = c.params();
    String protocol =
        c.value("protocol", () -> p.choice("protocol", "modbus", "modbus", "opcua", "mqtt"));
    c.param("count", () -> p.integer("count", defaultCount, 1, 10_000));
    if ("mqtt".equals(protocol)) {
      checkMqtt(c, p);
      return;
    }
    for (String mqttOnly : List.of("topic", "qos", "retain", "clientId")) {
      if (p.has(mqttOnly)) {
        c.add(mqttOnly, "'" + mqttOnly + "' is for MQTT publishes", "Set protocol: mqtt");
      }
    }
    var ctl = c.controller();
    if (p.has("address") == p.has("tag")) {
      c.add(
          p.has("tag") ? "address" : "tag",
          p.has("tag") ? "the step names both a tag and an address" : "the step names no point",
          ctl == null
              ? "Give tag: <tag> or (Modbus) address: <n>"
              : "Give tag: one of " + Checks.tags(ctl, true) + ", or (Modbus) address: <n>");
      return;
    }
    if (ctl == null) {
      return;
    }
    PointSpec pt;
    if (p.has("tag")) {
      pt = c.point("tag", ctl, p.required("tag"), true);
    } else if ("opcua".equals(protocol)) {
      c.add(
          "address",
          "OPC UA writes name a tag, not an address",
          "Give tag: one of " + Checks.tags(ctl, true));
      return;
    } else {
      String table = c.value("table", () -> p.choice("table", defaultTable, "coil", "holding"));
      c.param("type", () -> p.choice("type", "int16", "int16", "uint16", "float32"));
      Integer address = c.value("address", () -> p.integer("address", 0, 0, 0xFFFF));
      if (table == null || address == null) {
        return;
      }
      pt = c.pointAt(ctl, table.equals("coil") ? Table.COIL : Table.HOLDING_REGISTER, address);
    }
    if (pt == null) {
      return;
    }
    String value = p.string("value", defaultValue == null ? "" : defaultValue);
    if (value.isEmpty()) {
      c.add(
          "value",
          id() + " needs a value to write to '" + pt.tag() + "'",
          "Add value: (" + range(pt) + ")");
    } else {
      c.writable("value", pt, value);
    }
    String alternate = p.get("alternate");
    if (alternate != null) {
      c.writable("alternate", pt, alternate);
    }
  }

  private void checkMqtt(Checks c, Params p) {
    if (p.has("tag") || p.has("address")) {
      c.add(
          p.has("tag") ? "tag" : "address",
          "an MQTT publish names a topic, not a point",
          "Give topic: <site>/<plc>/<tag>/set (a command) or <site>/<plc>/<tag> (a value)");
    }
    String topic = p.get("topic");
    if (topic == null) {
      c.add(
          "topic",
          "an MQTT publish needs a topic",
          "Add topic: e.g. wt/plc-dosing/chlorine_sp/set");
    } else if (!MqttFilter.isTopicName(topic)) {
      c.add("topic", "'" + topic + "' is not an MQTT topic name", "Remove the + and # wildcards");
    }
    String value = p.string("value", defaultValue == null ? "" : defaultValue);
    if (value.isEmpty()) {
      c.add("value", id() + " needs a value to publish", "Add value: <number>");
    } else {
      c.param("value", () -> mqttValue(value));
    }
    c.param("qos", () -> p.integer("qos", 1, 0, 2));
    c.param("retain", () -> Params.bool("retain", p.string("retain", "false")));
  }

  /** The JSON number a value is published as (booleans as 1 and 0). */
  private static String mqttValue(String value) {
    if (Params.isBool(value)) {
      return Params.bool("value", value) ? "1" : "0";
    }
    double v = Params.decimal("value", value);
    if (!Double.isFinite(v)) {
      throw new Params.Bad("value " + value + " is not a finite number");
    }
    return Double.toString(v);
  }

  private static String range(PointSpec pt) {
    return pt.type() == DataType.BOOL
        ? "true or false"
        : pt.min() + " to " + pt.max() + " " + pt.unit();
  }

  @Override
  final StepOutcome run(AttackContext ctx, Params p) {
    String target = p.required("target");
    String protocol = p.choice("protocol", "modbus", "modbus", "opcua", "mqtt");
    if (protocol.equals("mqtt")) {
      return mqtt(ctx, p, target);
    }
    if (p.has("address") == p.has("tag")) {
      throw new Params.Bad("give either 'address' (Modbus) or 'tag'");
    }
    String value = p.string("value", defaultValue == null ? "" : defaultValue);
    if (value.isEmpty()) {
      throw new Params.Bad("parameter 'value' is missing");
    }
    int count = p.integer("count", defaultCount, 1, 10_000);
    String alternate = p.get("alternate");
    return protocol.equals("opcua")
        ? opcua(ctx, p, target, value, alternate, count)
        : modbus(ctx, p, target, value, alternate, count);
  }

  private Point resolve(AttackContext ctx, Params p, String target) {
    String tag = p.get("tag");
    if (tag != null) {
      PointSpec pt =
          point(ctx, target, tag)
              .orElseThrow(
                  () ->
                      new Params.Bad(
                          "host '" + target + "' has no tag '" + tag + "' in the plant's map"));
      if (!pt.table().isWritableTable()) {
        throw new Params.Bad("tag '" + tag + "' is in table " + pt.table() + ", not writable");
      }
      return new Point(pt.table(), pt.address(), pt.type(), pt.scale(), tag);
    }
    String table = p.choice("table", defaultTable, "coil", "holding");
    int address = p.integer("address", 0, 0, 0xFFFF);
    if (table.equals("coil")) {
      return new Point(Table.COIL, address, DataType.BOOL, 1, null);
    }
    String type = p.choice("type", "int16", "int16", "uint16", "float32");
    DataType t =
        type.equals("float32")
            ? DataType.FLOAT32
            : type.equals("uint16") ? DataType.UINT16 : DataType.INT16;
    return new Point(Table.HOLDING_REGISTER, address, t, 1, null);
  }

  /** Register words for {@code value}; checked before anything is sent. */
  private static int[] words(Point pt, String value) {
    double v = Params.decimal("value", value);
    if (pt.type() == DataType.FLOAT32) {
      int bits = Float.floatToRawIntBits((float) v);
      return new int[] {bits >>> 16, bits & 0xFFFF};
    }
    long raw = Math.round(v * pt.scale());
    long min = pt.type() == DataType.UINT16 ? 0 : Short.MIN_VALUE;
    long max = pt.type() == DataType.UINT16 ? 0xFFFF : Short.MAX_VALUE;
    if (raw < min || raw > max) {
      throw new Params.Bad(
          "value " + value + " does not fit a " + pt.type() + " register (raw " + raw + ")");
    }
    return new int[] {(int) raw & 0xFFFF};
  }

  private StepOutcome modbus(
      AttackContext ctx,
      Params p,
      String target,
      String value,
      @Nullable String alternate,
      int count) {
    Point pt = resolve(ctx, p, target);
    int unit = unit(ctx, target, p);
    boolean bit = pt.table() == Table.COIL;
    boolean b1 = bit && Params.bool("value", value);
    boolean b2 = bit && (alternate != null ? Params.bool("alternate", alternate) : !b1);
    int[] w1 = bit ? new int[0] : words(pt, value);
    int[] w2 = bit || alternate == null ? w1 : words(pt, alternate);
    boolean alternating = bit ? toggle || alternate != null : alternate != null;
    Access access = accessOrNull(ctx, target, Protocol.MODBUS);
    if (access == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no Modbus server");
    }
    Watch watch = new Watch(ctx, target);
    String where =
        (bit ? "coil " : "holding register ")
            + pt.address()
            + (pt.tag() != null ? " (" + pt.tag() + ")" : "")
            + " on "
            + target;
    int done = 0;
    try (ModbusConnection m = Wire.connect(access, unit, ctx.ioTimeout())) {
      for (int i = 0; i < count; i++) {
        boolean second = alternating && i % 2 == 1;
        if (bit) {
          m.writeCoil(pt.address(), second ? b2 : b1);
        } else {
          int[] w = second ? w2 : w1;
          if (w.length == 1) {
            m.writeRegister(pt.address(), w[0]);
          } else {
            m.writeRegisters(pt.address(), w);
          }
        }
        done++;
      }
    } catch (ModbusConnection.ExceptionResponse e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              target
                  + " refused "
                  + verb()
                  + " of "
                  + where
                  + " with "
                  + e.getMessage()
                  + " after "
                  + done
                  + " of "
                  + count
                  + " writes."));
    } catch (IOException e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              "Modbus "
                  + verb()
                  + " of "
                  + where
                  + " failed after "
                  + done
                  + " of "
                  + count
                  + " writes: "
                  + e.getMessage()
                  + "."));
    }
    return succeeded(
        where,
        value,
        alternating ? (alternate != null ? alternate : String.valueOf(b2)) : null,
        count,
        "modbus");
  }

  private StepOutcome opcua(
      AttackContext ctx,
      Params p,
      String target,
      String value,
      @Nullable String alternate,
      int count) {
    String tag = p.get("tag");
    if (tag == null) {
      throw new Params.Bad("OPC UA writes name a 'tag', not an address");
    }
    String plc = controllerId(ctx, target);
    boolean isBool =
        point(ctx, target, tag).map(pt -> pt.type() == DataType.BOOL).orElse(Params.isBool(value));
    Object v1 = isBool ? (Object) Params.bool("value", value) : Params.decimal("value", value);
    Object v2;
    if (alternate != null) {
      v2 =
          isBool
              ? (Object) Params.bool("alternate", alternate)
              : Params.decimal("alternate", alternate);
    } else {
      v2 = isBool && toggle ? (Object) !((Boolean) v1) : v1;
    }
    ClientIdentity identity =
        p.has("username")
            ? ClientIdentity.user(p.required("username"), p.string("password", ""))
            : ClientIdentity.anonymous();
    String security = security(p);
    Access access = accessOrNull(ctx, target, Protocol.OPCUA);
    if (access == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no OPC UA server");
    }
    StepOutcome refused = uaPreflight(ctx, access, target);
    if (refused != null) {
      return refused;
    }
    Watch watch = new Watch(ctx, target);
    String where = "tag " + plc + "." + tag + " on " + target;
    int done = 0;
    try (OpcUaClientSession s = openUa(ctx, access, identity, security)) {
      for (int i = 0; i < count; i++) {
        StatusCode sc = s.writeTag(plc, tag, i % 2 == 1 ? v2 : v1);
        if (!sc.isGood()) {
          return watch.blockedOr(
              access,
              new StepOutcome.Failed(
                  target
                      + " refused "
                      + verb()
                      + " of "
                      + where
                      + " with status "
                      + sc
                      + " after "
                      + done
                      + " of "
                      + count
                      + " writes."));
        }
        done++;
      }
    } catch (OtlabException e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              "OPC UA "
                  + verb()
                  + " of "
                  + where
                  + " failed after "
                  + done
                  + " of "
                  + count
                  + " writes: "
                  + describe(e)));
    }
    return succeeded(where, value, v2.equals(v1) ? null : String.valueOf(v2), count, "opcua");
  }

  private StepOutcome mqtt(AttackContext ctx, Params p, String target) {
    String topic = p.required("topic");
    if (!MqttFilter.isTopicName(topic)) {
      throw new Params.Bad("'" + topic + "' is not an MQTT topic name");
    }
    String value = mqttValue(p.string("value", defaultValue == null ? "" : defaultValue));
    int count = p.integer("count", defaultCount, 1, 10_000);
    int qos = p.integer("qos", 1, 0, 2);
    boolean retain = Params.bool("retain", p.string("retain", "false"));
    String clientId = p.string("clientId", "otlab-" + ctx.currentHost());
    // The broker's first listener, as the lab's own clients pick: in clear, or over TLS (the
    // attacker's client takes whatever certificate the broker shows, and names the host in SNI).
    Posture.BrokerListener listener =
        ctx.architecture()
            .host(target)
            .map(h -> h.brokerListeners())
            .filter(l -> !l.isEmpty())
            .map(l -> l.get(0))
            .orElse(null);
    Access access = listener == null ? null : accessOrNull(ctx, target, listener.protocol());
    if (listener == null || access == null) {
      return new StepOutcome.Failed("host '" + target + "' runs no MQTT broker");
    }
    MqttLink.Tls tls = listener.tls() ? new MqttLink.Tls(LabTls.trustingClient(), target) : null;
    Watch watch = new Watch(ctx, target);
    String where = "topic " + topic + " on " + target;
    int done = 0;
    try (MqttLink link =
        MqttLink.connect(
            Guardrail.requireLabAddress(access.address()),
            access.port(),
            clientId,
            p.get("username"),
            p.has("password") ? p.required("password").toCharArray() : null,
            ctx.ioTimeout(),
            tls)) {
      for (int i = 0; i < count; i++) {
        String payload =
            String.format(java.util.Locale.ROOT, "{\"ts\":%.3f,\"value\":%s}", ctx.now(), value);
        link.publish(topic, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), qos, retain);
        done++;
      }
    } catch (IOException e) {
      return watch.blockedOr(
          access,
          new StepOutcome.Failed(
              "MQTT "
                  + verb()
                  + " on "
                  + where
                  + " failed after "
                  + done
                  + " of "
                  + count
                  + " publishes: "
                  + e.getMessage()
                  + "."));
    }
    // A conduit that rejects a publish acknowledges it in the broker's place and drops it: the
    // client cannot tell, the relay's decision can.
    var refused = watch.fresh();
    if (refused.isPresent()) {
      return Watch.blocked(refused.get());
    }
    return succeeded(where, value, null, count, listener.tls() ? "mqtts" : "mqtt");
  }

  private StepOutcome succeeded(
      String where, String value, @Nullable String alternate, int count, String protocol) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("protocol", protocol);
    f.put("point", where);
    f.put("value", value);
    if (alternate != null) {
      f.put("alternate", alternate);
    }
    f.put("writes", String.valueOf(count));
    return new StepOutcome.Succeeded(
        verb()
            + ": wrote "
            + value
            + (alternate != null ? " and " + alternate + " alternately" : "")
            + " to "
            + where
            + (count > 1 ? " " + count + " times" : ""),
        f);
  }
}
