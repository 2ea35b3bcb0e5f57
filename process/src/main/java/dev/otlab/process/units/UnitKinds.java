package dev.otlab.process.units;

import dev.otlab.core.OtlabException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The unit kinds on the class path, found by the service loader. */
public final class UnitKinds {

  private static final Map<String, UnitKind> REGISTERED = load();

  /** Every registered kind, sorted. */
  public static final List<String> KINDS = List.copyOf(REGISTERED.keySet());

  private UnitKinds() {}

  private static Map<String, UnitKind> load() {
    Map<String, UnitKind> found = new TreeMap<>();
    for (UnitKind k : ServiceLoader.load(UnitKind.class, UnitKind.class.getClassLoader())) {
      UnitKind previous = found.putIfAbsent(k.kind(), k);
      if (previous != null) {
        throw new OtlabException(
            "PROCESS_KIND_DUPLICATE",
            "Two classes claim unit kind '"
                + k.kind()
                + "': "
                + previous.getClass().getName()
                + " and "
                + k.getClass().getName()
                + ".",
            "Remove one from META-INF/services/" + UnitKind.class.getName() + ".");
      }
    }
    return found;
  }

  /**
   * @throws OtlabException {@code UNIT_KIND_UNKNOWN}, naming the registered kinds
   */
  public static UnitKind kind(String kind, String unitId) {
    UnitKind k = kind == null ? null : REGISTERED.get(kind);
    if (k == null) {
      throw new OtlabException(
          "UNIT_KIND_UNKNOWN",
          "Unit '" + unitId + "' is of kind '" + kind + "', which the unit library does not have.",
          "Use one of: " + KINDS + ".");
    }
    return k;
  }

  /**
   * The library's reference as docs/unit-models.md holds it: how a plant file composes units, and
   * every kind's ports, options and parameters, generated so that it cannot drift from the code.
   */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        """
        # Unit models

        <!-- Generated from the unit kinds by UnitLibraryDocsTest; regenerate with
             ./mvnw -B -o -q test -pl process -Dtest=UnitLibraryDocsTest \\
               -Dsurefire.failIfNoSpecifiedTests=false -Dotlab.regenerateDocs=true -->

        A plant file may compose its process from unit models instead of writing equations. The
        units and the streams between them expand into one declared model (the `equations:` form),
        so everything a declared model does (units checked at load, events, parameter overrides)
        holds for a composed one.

        ```yaml
        process:
          units:
            - {id: t101, kind: tank, parameters: {area: 5, height: 4, initial_level: 2}, options: {track: none}}
            - {id: p101, kind: pump, parameters: {rated_flow: 30}, options: {type: displacement}}
            - {id: mv101, kind: valve, parameters: {max_flow: 36, initial_command: "{max_flow} / 72[m^3/h]"}}
            - {id: supply, kind: source}
            - {id: drain, kind: sink}
          streams:
            - {from: supply, to: mv101}                          # unit.port, or the unit if it has one
            - {id: raw_in, from: mv101.outlet, to: t101.inlet}   # id: default <from unit>_<to unit>
            - {from: t101, to: p101}
            - {from: p101, to: drain}
          bind:                                 # plant tag: generated name
            raw_level: t101_level               # a state, input, lag state or parameter is renamed
            inflow_valve: mv101_command
            inflow: raw_in_flow                 # an algebraic variable is reported under the tag
          outputs: [{tag: pump_flow, expression: t101_p101_flow}]   # optional, as in equations
          events: [{tag: raw_level, direction: above, value: 3.8, hazard: overflow}]
          parameters: {t101_area: 6}            # overrides, by generated (or bound) name
        ```

        **Names.** Everything a unit declares is named `<id>_<name>` (`t101_level`,
        `mv101_command`), everything a stream carries `<stream>_<quantity>` (`raw_in_flow`), since
        expression names cannot hold a dot. Unbound, states and inputs are reported under those
        names; `bind` gives them the plant's tag names. A unit's parameter may be an expression over
        the parameters of units listed before it; `{name}` stands for the unit's own.

        **Streams.** A `liquid` stream carries `flow` (m^3/h), `temp` (K), `solute` (g/h: the mass
        flow of one dissolved component, a dose or a reactant) and `pressure` (bar); a `heat` stream
        carries `flow` (kW). Ports of different types cannot be joined. The unit upstream sets
        temperature, solute and pressure. Exactly one end sets the flow: a port that *sets* it (a
        pump, a valve, a tank's gravity outlet), a port that *takes* it (a tank's inlet, a drawn-off
        outlet), or a port that *passes* the flow of the stream on the unit's other side (a pipe, a
        dosing point). Two ends that both take the flow, or both set it, are refused.

        **Errors.** `UNIT_KIND_UNKNOWN`, `UNIT_PARAMETER_UNKNOWN`, `UNIT_INVALID` (ids, options,
        stream ends), `UNIT_PORT_UNCONNECTED`, `UNIT_PORT_CONNECTED_TWICE`,
        `STREAM_QUANTITY_MISMATCH`, `STREAM_FLOW_INVALID`, `UNIT_TAG_UNKNOWN`: see
        [errors.md](errors.md).

        """);
    for (UnitKind k : REGISTERED.values()) {
      md.append("## ").append(k.kind()).append("\n\n").append(k.description()).append("\n\n");
      Map<String, String> defaults = new java.util.LinkedHashMap<>();
      k.options().forEach(o -> defaults.put(o.name(), o.defaultValue()));
      md.append(
          "Ports (default options):\n\n| port | direction | stream | flow |\n|---|---|---|---|\n");
      for (UnitKind.Port p : k.ports(defaults)) {
        md.append("| `")
            .append(p.name())
            .append("` | ")
            .append(p.direction() == UnitKind.Direction.IN ? "in" : "out")
            .append(p.optional() ? " (optional)" : "")
            .append(" | ")
            .append(p.type().label())
            .append(" | ")
            .append(
                switch (p.role()) {
                  case DEFINES -> "sets";
                  case FOLLOWS -> "takes";
                  case PASSES -> "passes `" + p.partner() + "`";
                })
            .append(" |\n");
      }
      md.append("\n");
      declarations(md, k, defaults);
      if (!k.options().isEmpty()) {
        md.append("| option | default | values | meaning |\n|---|---|---|---|\n");
        for (UnitKind.UnitOption o : k.options()) {
          md.append("| `")
              .append(o.name())
              .append("` | ")
              .append(o.defaultValue().isEmpty() ? "" : "`" + o.defaultValue() + "`")
              .append(" | ")
              .append(o.allowed().isEmpty() ? "text" : String.join(", ", o.allowed()))
              .append(" | ")
              .append(o.description())
              .append(" |\n");
        }
        md.append("\n");
      }
      if (!k.parameters().isEmpty()) {
        md.append("| parameter | default | unit | meaning |\n|---|---|---|---|\n");
        for (UnitKind.UnitParameter p : k.parameters()) {
          md.append("| `")
              .append(p.name())
              .append("` | ")
              .append(p.value().replace("|", "\\|"))
              .append(" | ")
              .append(p.unit())
              .append(" | ")
              .append(p.description())
              .append(" |\n");
        }
        md.append("\n");
      }
    }
    return md.toString();
  }

  /** What an instance with the default options declares, under the names a plant binds. */
  private static void declarations(StringBuilder md, UnitKind k, Map<String, String> options) {
    UnitPlant.Builder b = new UnitPlant.Builder();
    Map<String, UnitKind.Port> ports = new java.util.LinkedHashMap<>();
    Map<String, String> streams = new java.util.HashMap<>();
    for (UnitKind.Port p : k.ports(options)) {
      ports.put(p.name(), p);
      streams.put(p.name(), p.name());
    }
    k.expand(new UnitContext("ID", options, ports, streams, b));
    List<String> states = new java.util.ArrayList<>();
    b.states.forEach(x -> states.add(name(x.name(), x.unit())));
    List<String> inputs = new java.util.ArrayList<>();
    for (dev.otlab.process.declared.ProcessModelSpec.Input i : b.inputs) {
      inputs.add(
          name(i.name(), i.unit())
              + (i.discrete() ? " 0/1" : "")
              + (i.lag() == null ? "" : ", lag state " + name(i.lagState(), i.unit())));
    }
    List<String> reported = new java.util.ArrayList<>();
    for (dev.otlab.process.declared.ProcessModelSpec.Output o : b.outputs) {
      String unit =
          b.algebraics.stream()
              .filter(a -> a.name().equals(o.tag()))
              .map(dev.otlab.process.declared.ProcessModelSpec.Algebraic::unit)
              .findFirst()
              .orElse("");
      reported.add(name(o.tag(), unit));
    }
    List<String> events = new java.util.ArrayList<>();
    b.events.forEach(
        e ->
            events.add(
                name(e.tag(), "")
                    + (e.direction() == dev.otlab.process.SafetyLimit.Direction.HIGH
                        ? " above "
                        : " below ")
                    + e.value()
                    + ": "
                    + e.hazard()));
    md.append("Declares (default options):\n\n");
    line(md, "states", states);
    line(md, "inputs", inputs);
    line(md, "reported", reported);
    line(md, "events", events);
    md.append("\n");
  }

  private static String name(String generated, String unit) {
    return "`<id>" + generated.substring(2) + "`" + (unit.isEmpty() ? "" : " (" + unit + ")");
  }

  private static void line(StringBuilder md, String what, List<String> items) {
    if (!items.isEmpty()) {
      md.append("- ").append(what).append(": ").append(String.join(", ", items)).append("\n");
    }
  }
}
