package dev.otlab.process.units;

import dev.otlab.process.SafetyLimit;
import dev.otlab.process.declared.ProcessModelSpec.Algebraic;
import dev.otlab.process.declared.ProcessModelSpec.Event;
import dev.otlab.process.declared.ProcessModelSpec.Input;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.declared.ProcessModelSpec.Parameter;
import dev.otlab.process.declared.ProcessModelSpec.State;
import dev.otlab.process.units.UnitKind.Port;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link UnitKind} sees of one instance while it expands: its options, its ports and the
 * streams on them, and methods that declare its variables under the instance's names.
 *
 * <p>Expressions are templates: {@code {name}} stands for the instance's own variable or parameter
 * {@code name} ({@code {level}} is {@code t101_level}), {@code {port.quantity}} for a quantity of
 * the stream on a port ({@code {inlet.flow}} is {@code s1_flow}; on an unconnected optional port it
 * is a zero of the quantity's unit). Everything else is written as in a declared model, in SI.
 */
public final class UnitContext {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)(?:\\.([a-z]+))?}");

  private final String id;
  private final Map<String, String> options;
  private final Map<String, Port> ports;
  private final Map<String, String> streamAtPort;
  private final UnitPlant.Builder out;

  UnitContext(
      String id,
      Map<String, String> options,
      Map<String, Port> ports,
      Map<String, String> streamAtPort,
      UnitPlant.Builder out) {
    this.id = id;
    this.options = options;
    this.ports = ports;
    this.streamAtPort = streamAtPort;
    this.out = out;
  }

  /** The instance id. */
  public String id() {
    return id;
  }

  /** The value of an option (its default when the plant file does not set it). */
  public String option(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new IllegalStateException("unit kind reads undeclared option " + name);
    }
    return v;
  }

  /** The instance's name for one of its variables or parameters. */
  public String n(String local) {
    return id + "_" + local;
  }

  /** Whether a stream is connected to the port. */
  public boolean connected(String port) {
    port(port);
    return streamAtPort.containsKey(port);
  }

  private Port port(String name) {
    Port p = ports.get(name);
    if (p == null) {
      throw new IllegalStateException("unit kind uses undeclared port " + name);
    }
    return p;
  }

  /** A template with its placeholders replaced by names (see the class comment). */
  public String x(String template) {
    if (template == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(2) == null) {
        replacement = n(m.group(1));
      } else {
        Port port = port(m.group(1));
        StreamType.Quantity q =
            port.type().quantities().stream()
                .filter(x -> x.suffix().equals(m.group(2)))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "a " + port.type().label() + " stream has no " + m.group(2)));
        String stream = streamAtPort.get(m.group(1));
        replacement = stream == null ? "0[" + q.unit() + "]" : stream + "_" + q.suffix();
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** An integrated quantity; initial, min and max are templates (null for no bound). */
  public void state(
      String local, String unit, String initial, String derivative, String min, String max) {
    out.states.add(new State(n(local), unit, x(initial), x(derivative), x(min), x(max)));
  }

  /**
   * An actuator command or disturbance the PLCs write.
   *
   * @param lag template of the actuator's time constant, or null for none
   * @param lagLocal local name of the actuator's position (a state), used with a lag
   */
  public void input(
      String local,
      String unit,
      String min,
      String max,
      String initial,
      boolean discrete,
      String lag,
      String lagLocal) {
    out.inputs.add(
        new Input(
            n(local),
            unit,
            x(min),
            x(max),
            x(initial),
            discrete,
            x(lag),
            lag == null ? null : n(lagLocal)));
  }

  /** A named intermediate quantity. */
  public void algebraic(String local, String unit, String expression) {
    out.algebraics.add(new Algebraic(n(local), unit, x(expression)));
  }

  /** Reports an algebraic variable of the instance as a tag under its name. */
  public void report(String local) {
    out.outputs.add(new Output(n(local), null, null));
  }

  /** A limit on one of the instance's reported tags, always watched. */
  public void event(String local, SafetyLimit.Direction direction, double value, String hazard) {
    out.events.add(new Event(n(local), direction, value, hazard));
  }

  /**
   * The flow of the stream on a port whose role is {@link UnitKind.FlowRole#DEFINES}, in SI (m³/s
   * for a liquid, W for heat). Ignored on an unconnected optional port.
   */
  public void flow(String port, String expression) {
    Port p = port(port);
    if (p.role() != UnitKind.FlowRole.DEFINES) {
      throw new IllegalStateException("port " + port + " does not define its flow");
    }
    String stream = streamAtPort.get(port);
    if (stream != null) {
      out.streamVariable(
          stream,
          "flow",
          new Algebraic(stream + "_flow", p.type().quantities().get(0).unit(), x(expression)));
    }
  }

  /**
   * The temperature, solute mass flow and pressure of the liquid leaving through an outlet port.
   * Ignored on an unconnected optional port.
   */
  public void outlet(String port, String temperature, String solute, String pressure) {
    Port p = port(port);
    if (p.direction() != UnitKind.Direction.OUT || p.type() != StreamType.LIQUID) {
      throw new IllegalStateException("port " + port + " is not a liquid outlet");
    }
    String stream = streamAtPort.get(port);
    if (stream == null) {
      return;
    }
    List<StreamType.Quantity> q = StreamType.LIQUID.quantities();
    String[] values = {temperature, solute, pressure};
    for (int i = 0; i < values.length; i++) {
      String suffix = q.get(i + 1).suffix();
      out.streamVariable(
          stream, suffix, new Algebraic(stream + "_" + suffix, q.get(i + 1).unit(), x(values[i])));
    }
  }

  /** Declares a parameter (used by the expansion for the kind's parameters). */
  void parameter(Parameter p) {
    out.parameters.add(p);
  }
}
