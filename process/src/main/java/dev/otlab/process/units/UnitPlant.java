package dev.otlab.process.units;

import dev.otlab.core.OtlabException;
import dev.otlab.process.declared.ProcessModelSpec;
import dev.otlab.process.declared.ProcessModelSpec.Algebraic;
import dev.otlab.process.declared.ProcessModelSpec.Event;
import dev.otlab.process.declared.ProcessModelSpec.Input;
import dev.otlab.process.declared.ProcessModelSpec.Output;
import dev.otlab.process.declared.ProcessModelSpec.Parameter;
import dev.otlab.process.declared.ProcessModelSpec.State;
import dev.otlab.process.units.UnitKind.Direction;
import dev.otlab.process.units.UnitKind.FlowRole;
import dev.otlab.process.units.UnitKind.Port;
import dev.otlab.process.units.UnitKind.UnitOption;
import dev.otlab.process.units.UnitKind.UnitParameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process model composed of unit instances joined by streams, as a plant file's {@code process:
 * units: ... streams: ...} declares it. Construction validates the composition (kinds, options,
 * parameters, ports, stream types, who sets each flow) and the expanded model; {@link #spec()}
 * gives the one {@link ProcessModelSpec} the instances expand to.
 *
 * @param kind the model kind (the plant's id)
 * @param description what the plant is, for readers
 * @param units the unit instances, in order: a parameter given as an expression may use the
 *     parameters of the units before it
 * @param streams the connections
 * @param tags plant tag to the generated name it binds ({@code raw_level: t101_level}); see the
 *     package comment for what binding does
 * @param outputs further reported tags, as in a declared model (names: tags or generated names)
 * @param events limits on reported tags, as in a declared model
 */
public record UnitPlant(
    String kind,
    String description,
    List<UnitInstance> units,
    List<Stream> streams,
    Map<String, String> tags,
    List<Output> outputs,
    List<Event> events) {

  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * One unit.
   *
   * @param id its name; prefixes all its variables
   * @param kind a registered {@link UnitKind}
   * @param parameters values of the kind's parameters: numbers in the parameter's unit, or
   *     expressions over parameters of units before it ({@code {name}} is the instance's own)
   * @param options the kind's structural options
   */
  public record UnitInstance(
      String id, String kind, Map<String, String> parameters, Map<String, String> options) {
    public UnitInstance {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
      options = options == null ? Map.of() : Map.copyOf(options);
    }
  }

  /**
   * A stream from an outlet port to an inlet port.
   *
   * @param id its name (prefix of its variables); null gives {@code <from unit>_<to unit>}
   * @param from {@code unit.port}, or {@code unit} when the unit has one outlet
   * @param to {@code unit.port}, or {@code unit} when the unit has one inlet
   */
  public record Stream(String id, String from, String to) {}

  public UnitPlant {
    if (kind == null || kind.isBlank()) {
      throw invalid("A composed process model has no kind.", "Give the plant an id.");
    }
    description = description == null ? "" : description;
    units = units == null ? List.of() : List.copyOf(units);
    streams = streams == null ? List.of() : List.copyOf(streams);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    events = events == null ? List.of() : List.copyOf(events);
    if (units.isEmpty()) {
      throw invalid(
          "Composed process model '" + kind + "' has no units.",
          "List its units, for example {id: t101, kind: tank}.");
    }
    // Expanding validates everything, the resulting declared model included.
    expand(new Parts(kind, description, units, streams, tags, outputs, events));
  }

  /** The declared model the units expand to. */
  public ProcessModelSpec spec() {
    return expand(new Parts(kind, description, units, streams, tags, outputs, events));
  }

  static OtlabException invalid(String message, String remedy) {
    return new OtlabException("UNIT_INVALID", message, remedy);
  }

  /** The declarations collected while the units expand. */
  static final class Builder {
    final List<Parameter> parameters = new ArrayList<>();
    final List<State> states = new ArrayList<>();
    final List<Input> inputs = new ArrayList<>();
    final List<Algebraic> algebraics = new ArrayList<>();
    final List<Output> outputs = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final Map<String, Algebraic> streamVariables = new LinkedHashMap<>();

    void streamVariable(String stream, String suffix, Algebraic a) {
      if (streamVariables.putIfAbsent(stream + "_" + suffix, a) != null) {
        throw new IllegalStateException(stream + "_" + suffix + " defined twice");
      }
    }
  }

  private record End(UnitInstance unit, UnitKind kind, Port port) {
    String label() {
      return unit.id() + "." + port.name();
    }
  }

  /** The components, for the expansion that runs before the record's fields are assigned. */
  private record Parts(
      String kind,
      String description,
      List<UnitInstance> units,
      List<Stream> streams,
      Map<String, String> tags,
      List<Output> outputs,
      List<Event> events) {}

  private static ProcessModelSpec expand(Parts plant) {
    // Units: ids, kinds, options, parameters, ports.
    Map<String, UnitInstance> byId = new LinkedHashMap<>();
    Map<String, UnitKind> kinds = new HashMap<>();
    Map<String, Map<String, String>> options = new HashMap<>();
    Map<String, Map<String, Port>> ports = new HashMap<>();
    for (UnitInstance u : plant.units()) {
      if (u == null || u.id() == null || !ID.matcher(u.id()).matches()) {
        throw invalid(
            "A unit of '"
                + plant.kind()
                + "' has the invalid id '"
                + (u == null ? null : u.id())
                + "'.",
            "Use letters, digits and underscores, starting with a letter (t101, mv_101).");
      }
      if (byId.putIfAbsent(u.id(), u) != null) {
        throw invalid(
            "Two units of '" + plant.kind() + "' have the id '" + u.id() + "'.",
            "Give every unit its own id.");
      }
      UnitKind k = UnitKinds.kind(u.kind(), u.id());
      kinds.put(u.id(), k);
      options.put(u.id(), options(u, k));
      Map<String, Port> p = new LinkedHashMap<>();
      for (Port port : k.ports(options.get(u.id()))) {
        p.put(port.name(), port);
      }
      ports.put(u.id(), p);
      Set<String> known = new TreeSet<>();
      k.parameters().forEach(q -> known.add(q.name()));
      for (String name : u.parameters().keySet()) {
        if (!known.contains(name)) {
          throw new OtlabException(
              "UNIT_PARAMETER_UNKNOWN",
              "Unit '" + u.id() + "' (" + k.kind() + ") has no parameter '" + name + "'.",
              "Use one of: " + known + ".");
        }
      }
    }

    // Streams: ends, directions, types, one stream per port.
    Map<String, End[]> streamEnds = new LinkedHashMap<>();
    Map<String, Map<String, String>> streamAtPort = new HashMap<>();
    byId.keySet().forEach(id -> streamAtPort.put(id, new HashMap<>()));
    for (Stream s : plant.streams()) {
      if (s == null) {
        throw invalid("A stream of '" + plant.kind() + "' is empty.", "Remove it.");
      }
      End from = end(plant, s, s.from(), Direction.OUT, byId, kinds, ports);
      End to = end(plant, s, s.to(), Direction.IN, byId, kinds, ports);
      String id = s.id() == null ? from.unit().id() + "_" + to.unit().id() : s.id();
      if (!ID.matcher(id).matches()) {
        throw invalid(
            "A stream of '" + plant.kind() + "' has the invalid id '" + id + "'.",
            "Use letters, digits and underscores, starting with a letter.");
      }
      if (streamEnds.putIfAbsent(id, new End[] {from, to}) != null) {
        throw invalid(
            "Two streams of '" + plant.kind() + "' have the id '" + id + "'.",
            "Give each stream its own id (streams between the same two units need one).");
      }
      if (from.port().type() != to.port().type()) {
        throw new OtlabException(
            "STREAM_QUANTITY_MISMATCH",
            "Stream '"
                + id
                + "' joins "
                + from.label()
                + ", which carries "
                + from.port().type().label()
                + " ("
                + quantities(from.port().type())
                + "), to "
                + to.label()
                + ", which takes "
                + to.port().type().label()
                + " ("
                + quantities(to.port().type())
                + ").",
            "Join ports that carry the same kind of stream.");
      }
      for (End e : new End[] {from, to}) {
        String previous = streamAtPort.get(e.unit().id()).putIfAbsent(e.port().name(), id);
        if (previous != null) {
          throw new OtlabException(
              "UNIT_PORT_CONNECTED_TWICE",
              "Port " + e.label() + " is connected by streams '" + previous + "' and '" + id + "'.",
              "Connect each port once; join several streams with a mixer or split one with a"
                  + " splitter.");
        }
      }
    }
    for (UnitInstance u : byId.values()) {
      for (Port p : ports.get(u.id()).values()) {
        if (!p.optional() && !streamAtPort.get(u.id()).containsKey(p.name())) {
          throw new OtlabException(
              "UNIT_PORT_UNCONNECTED",
              "Port "
                  + u.id()
                  + "."
                  + p.name()
                  + " ("
                  + (p.direction() == Direction.IN ? "inlet" : "outlet")
                  + ", "
                  + p.type().label()
                  + ") of "
                  + kinds.get(u.id()).kind()
                  + " '"
                  + u.id()
                  + "' is not connected.",
              "Add a stream "
                  + (p.direction() == Direction.IN ? "to" : "from")
                  + " it, or end the line with a "
                  + (p.direction() == Direction.IN ? "source" : "sink")
                  + " unit.");
        }
      }
    }

    Map<String, String> flowCopies = resolveFlows(plant, streamEnds, streamAtPort);

    // Expansion.
    Builder b = new Builder();
    for (UnitInstance u : byId.values()) {
      UnitKind k = kinds.get(u.id());
      UnitContext ctx =
          new UnitContext(
              u.id(), options.get(u.id()), ports.get(u.id()), streamAtPort.get(u.id()), b);
      for (UnitParameter p : k.parameters()) {
        String value = u.parameters().getOrDefault(p.name(), p.value());
        ctx.parameter(
            new Parameter(
                ctx.n(p.name()), ctx.x(value), p.unit(), p.description(), p.constraint()));
      }
      k.expand(ctx);
    }
    for (Map.Entry<String, String> copy : flowCopies.entrySet()) {
      String s = copy.getKey();
      StreamType type = streamEnds.get(s)[0].port().type();
      b.streamVariable(
          s,
          "flow",
          new Algebraic(
              s + "_flow",
              type.quantities().get(0).unit(),
              copy.getValue() == null ? "0" : copy.getValue() + "_flow"));
    }
    List<Algebraic> algebraics = new ArrayList<>(b.algebraics);
    for (Map.Entry<String, End[]> s : streamEnds.entrySet()) {
      for (StreamType.Quantity q : s.getValue()[0].port().type().quantities()) {
        Algebraic a = b.streamVariables.get(s.getKey() + "_" + q.suffix());
        if (a == null) {
          throw new IllegalStateException(
              "unit kind "
                  + s.getValue()[0].kind().kind()
                  + " or "
                  + s.getValue()[1].kind().kind()
                  + " does not define "
                  + q.suffix()
                  + " of stream "
                  + s.getKey());
        }
        algebraics.add(a);
      }
    }

    return bind(plant, b, algebraics);
  }

  private static Map<String, String> options(UnitInstance u, UnitKind k) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, UnitOption> known = new LinkedHashMap<>();
    k.options().forEach(o -> known.put(o.name(), o));
    for (Map.Entry<String, String> e : u.options().entrySet()) {
      UnitOption o = known.get(e.getKey());
      if (o == null) {
        throw invalid(
            "Unit '" + u.id() + "' (" + k.kind() + ") has no option '" + e.getKey() + "'.",
            known.isEmpty()
                ? "A " + k.kind() + " takes no options; remove it."
                : "Use one of: " + known.keySet() + ".");
      }
      if (!o.allowed().isEmpty() && !o.allowed().contains(e.getValue())) {
        throw invalid(
            "Option '"
                + o.name()
                + "' of unit '"
                + u.id()
                + "' ("
                + k.kind()
                + ") is '"
                + e.getValue()
                + "'.",
            "Use one of: " + o.allowed() + ".");
      }
    }
    for (UnitOption o : k.options()) {
      out.put(o.name(), u.options().getOrDefault(o.name(), o.defaultValue()));
    }
    return out;
  }

  private static String quantities(StreamType t) {
    List<String> q = new ArrayList<>();
    t.quantities().forEach(x -> q.add(x.suffix() + " [" + x.unit() + "]"));
    return String.join(", ", q);
  }

  private static End end(
      Parts plant,
      Stream s,
      String ref,
      Direction direction,
      Map<String, UnitInstance> byId,
      Map<String, UnitKind> kinds,
      Map<String, Map<String, Port>> ports) {
    String which = direction == Direction.OUT ? "from" : "to";
    if (ref == null || ref.isBlank()) {
      throw invalid(
          "A stream of '" + plant.kind() + "' has no '" + which + "'.",
          "Write " + which + ": unit.port, for example " + which + ": t101.outlet.");
    }
    int dot = ref.indexOf('.');
    String unitId = dot < 0 ? ref : ref.substring(0, dot);
    UnitInstance u = byId.get(unitId);
    if (u == null) {
      throw invalid(
          "Stream " + label(s) + " names the unit '" + unitId + "', which the plant does not have.",
          "Use one of: " + byId.keySet() + ".");
    }
    Map<String, Port> unitPorts = ports.get(unitId);
    List<String> candidates = new ArrayList<>();
    unitPorts.values().stream()
        .filter(p -> p.direction() == direction)
        .forEach(p -> candidates.add(p.name()));
    Port port;
    if (dot < 0) {
      if (candidates.size() != 1) {
        throw invalid(
            "Stream "
                + label(s)
                + " names unit '"
                + unitId
                + "' without a port, and it has "
                + (candidates.isEmpty() ? "none" : candidates.size())
                + (direction == Direction.OUT ? " outlets." : " inlets."),
            candidates.isEmpty()
                ? "A " + kinds.get(unitId).kind() + " has no port of that direction."
                : "Name the port: "
                    + unitId
                    + "."
                    + candidates.get(0)
                    + " (one of "
                    + candidates
                    + ").");
      }
      port = unitPorts.get(candidates.get(0));
    } else {
      port = unitPorts.get(ref.substring(dot + 1));
      if (port == null || port.direction() != direction) {
        throw invalid(
            "Stream "
                + label(s)
                + " goes "
                + which
                + " '"
                + ref
                + "', which is not "
                + (direction == Direction.OUT ? "an outlet" : "an inlet")
                + " of "
                + kinds.get(unitId).kind()
                + " '"
                + unitId
                + "'.",
            "Use one of: " + candidates + " (streams run from an outlet to an inlet).");
      }
    }
    return new End(u, kinds.get(unitId), port);
  }

  private static String label(Stream s) {
    return s.id() != null ? "'" + s.id() + "'" : "from " + s.from() + " to " + s.to();
  }

  /**
   * Decides who sets each stream's flow: the end that defines it, else a pass-through unit copying
   * the stream on its other side. Returns the copies (stream to the stream copied, null for none
   * when the other side is unconnected).
   */
  private static Map<String, String> resolveFlows(
      Parts plant, Map<String, End[]> streams, Map<String, Map<String, String>> streamAtPort) {
    Set<String> defined = new HashSet<>();
    Map<String, String> copies = new LinkedHashMap<>();
    for (Map.Entry<String, End[]> s : streams.entrySet()) {
      End from = s.getValue()[0];
      End to = s.getValue()[1];
      boolean a = from.port().role() == FlowRole.DEFINES;
      boolean c = to.port().role() == FlowRole.DEFINES;
      if (a && c) {
        throw new OtlabException(
            "STREAM_FLOW_INVALID",
            "The flow of stream '"
                + s.getKey()
                + "' is set at both ends: by "
                + from.kind().kind()
                + " "
                + from.label()
                + " and by "
                + to.kind().kind()
                + " "
                + to.label()
                + ".",
            "Put a unit that accepts a flow between them (a tank), or drop one of them.");
      }
      if (a || c) {
        defined.add(s.getKey());
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, End[]> s : streams.entrySet()) {
        if (defined.contains(s.getKey())) {
          continue;
        }
        for (End e : s.getValue()) {
          if (e.port().role() != FlowRole.PASSES) {
            continue;
          }
          String other = streamAtPort.get(e.unit().id()).get(e.port().partner());
          if (other == null || defined.contains(other)) {
            copies.put(s.getKey(), other);
            defined.add(s.getKey());
            changed = true;
            break;
          }
        }
      }
    }
    for (Map.Entry<String, End[]> s : streams.entrySet()) {
      if (!defined.contains(s.getKey())) {
        End from = s.getValue()[0];
        End to = s.getValue()[1];
        throw new OtlabException(
            "STREAM_FLOW_INVALID",
            "Nothing sets the flow of stream '"
                + s.getKey()
                + "' from "
                + from.kind().kind()
                + " "
                + from.label()
                + " to "
                + to.kind().kind()
                + " "
                + to.label()
                + ": both ends take the flow that the other sets.",
            "Put a pump or a valve on the line, give the tank a gravity outlet, or let the source"
                + " or sink set the flow.");
      }
    }
    // A pass-through unit must not have its flow set on both sides.
    for (Map.Entry<String, End[]> s : streams.entrySet()) {
      for (End e : s.getValue()) {
        if (e.port().role() != FlowRole.PASSES) {
          continue;
        }
        String other = streamAtPort.get(e.unit().id()).get(e.port().partner());
        String mine = s.getKey();
        boolean linked =
            copies.containsKey(mine) && java.util.Objects.equals(copies.get(mine), other)
                || other != null && copies.containsKey(other) && mine.equals(copies.get(other));
        if (!linked) {
          throw new OtlabException(
              "STREAM_FLOW_INVALID",
              "The flow through "
                  + e.kind().kind()
                  + " '"
                  + e.unit().id()
                  + "' is set on both sides (streams '"
                  + mine
                  + "' and '"
                  + other
                  + "'), so it need not balance.",
              "Let only one side set it: replace a pump or valve on one side by a tank, or move"
                  + " it.");
        }
      }
    }
    return copies;
  }

  /** Applies the tag bindings and assembles the declared model. */
  private static ProcessModelSpec bind(Parts plant, Builder b, List<Algebraic> algebraics) {
    Set<String> renameable = new HashSet<>();
    b.parameters.forEach(p -> renameable.add(p.name()));
    b.states.forEach(s -> renameable.add(s.name()));
    for (Input i : b.inputs) {
      renameable.add(i.name());
      if (i.lag() != null) {
        renameable.add(i.lagState());
      }
    }
    Set<String> reported = new HashSet<>();
    b.outputs.forEach(o -> reported.add(o.tag()));
    Set<String> algebraicNames = new HashSet<>();
    algebraics.forEach(a -> algebraicNames.add(a.name()));
    Map<String, String> rename = new HashMap<>();
    List<Output> outputs = new ArrayList<>();
    for (Map.Entry<String, String> t : new java.util.TreeMap<>(plant.tags()).entrySet()) {
      String tag = t.getKey();
      String target = t.getValue();
      if (renameable.contains(target) || reported.contains(target)) {
        rename.put(target, tag);
      } else if (algebraicNames.contains(target)) {
        outputs.add(new Output(tag, target, null));
      } else {
        Set<String> all = new TreeSet<>(renameable);
        all.addAll(algebraicNames);
        throw new OtlabException(
            "UNIT_TAG_UNKNOWN",
            "Tag '"
                + tag
                + "' of '"
                + plant.kind()
                + "' binds '"
                + target
                + "', which no unit or stream declares.",
            "Bind one of: " + all + ".");
      }
    }
    List<Parameter> parameters = new ArrayList<>();
    for (Parameter p : b.parameters) {
      parameters.add(
          new Parameter(
              r(rename, p.name()),
              r(rename, p.value()),
              p.unit(),
              p.description(),
              p.constraint()));
    }
    List<State> states = new ArrayList<>();
    for (State s : b.states) {
      states.add(
          new State(
              r(rename, s.name()),
              s.unit(),
              r(rename, s.initial()),
              r(rename, s.derivative()),
              r(rename, s.min()),
              r(rename, s.max())));
    }
    List<Input> inputs = new ArrayList<>();
    for (Input i : b.inputs) {
      inputs.add(
          new Input(
              r(rename, i.name()),
              i.unit(),
              r(rename, i.min()),
              r(rename, i.max()),
              r(rename, i.initial()),
              i.discrete(),
              r(rename, i.lag()),
              i.lag() == null ? null : r(rename, i.lagState())));
    }
    List<Algebraic> renamedAlgebraics = new ArrayList<>();
    for (Algebraic a : algebraics) {
      renamedAlgebraics.add(
          new Algebraic(r(rename, a.name()), a.unit(), r(rename, a.expression())));
    }
    List<Output> allOutputs = new ArrayList<>();
    for (Output o : b.outputs) {
      allOutputs.add(new Output(r(rename, o.tag()), r(rename, o.expression()), o.unit()));
    }
    for (Output o : outputs) {
      allOutputs.add(new Output(o.tag(), r(rename, o.expression()), o.unit()));
    }
    for (Output o : plant.outputs()) {
      allOutputs.add(new Output(o.tag(), r(rename, o.expression()), o.unit()));
    }
    List<Event> allEvents = new ArrayList<>();
    for (Event e : b.events) {
      allEvents.add(new Event(r(rename, e.tag()), e.direction(), e.value(), e.hazard()));
    }
    for (Event e : plant.events()) {
      allEvents.add(new Event(r(rename, e.tag()), e.direction(), e.value(), e.hazard()));
    }
    return assemble(plant, parameters, states, inputs, renamedAlgebraics, allOutputs, allEvents);
  }

  /**
   * The declared model, without what the expansion declares and nothing reads. Every unit defines
   * all the quantities of its outlets (a stream's temperature and pressure even where no unit
   * downstream uses them) and pass-through units copy their neighbours' values, so a composed model
   * holds many plain copies and unread variables; the compiled model evaluates every algebraic
   * variable at every derivative, so copies are inlined (where the units agree, so a reported value
   * keeps its unit) and unread variables dropped.
   */
  private static ProcessModelSpec assemble(
      Parts plant,
      List<Parameter> parameters,
      List<State> states,
      List<Input> inputs,
      List<Algebraic> algebraics,
      List<Output> outputs,
      List<Event> events) {
    Map<String, String> units = new HashMap<>();
    parameters.forEach(p -> units.put(p.name(), p.unit()));
    states.forEach(x -> units.put(x.name(), x.unit()));
    for (Input i : inputs) {
      units.put(i.name(), i.unit());
      if (i.lag() != null) {
        units.put(i.lagState(), i.unit());
      }
    }
    algebraics.forEach(a -> units.put(a.name(), a.unit()));
    Set<String> reported = new HashSet<>();
    outputs.stream().filter(o -> o.expression() == null).forEach(o -> reported.add(o.tag()));
    Map<String, String> copies = new HashMap<>();
    for (Algebraic a : algebraics) {
      String e = a.expression().trim();
      if (!reported.contains(a.name())
          && IDENTIFIER.matcher(e).matches()
          && a.unit().equals(units.get(e))) {
        copies.put(a.name(), e);
      }
    }
    Map<String, String> inline = new HashMap<>();
    for (String name : copies.keySet()) {
      String target = copies.get(name);
      for (int i = 0; copies.containsKey(target) && i < copies.size(); i++) {
        target = copies.get(target);
      }
      inline.put(name, target);
    }
    List<State> s2 = new ArrayList<>();
    for (State x : states) {
      s2.add(
          new State(
              x.name(),
              x.unit(),
              r(inline, x.initial()),
              r(inline, x.derivative()),
              r(inline, x.min()),
              r(inline, x.max())));
    }
    List<Output> o2 = new ArrayList<>();
    for (Output o : outputs) {
      o2.add(new Output(o.tag(), r(inline, o.expression()), o.unit()));
    }
    Map<String, Algebraic> remaining = new LinkedHashMap<>();
    for (Algebraic a : algebraics) {
      if (!inline.containsKey(a.name())) {
        remaining.put(a.name(), new Algebraic(a.name(), a.unit(), r(inline, a.expression())));
      }
    }
    // What the states, inputs and reported tags read, and what that reads in turn.
    List<String> roots = new ArrayList<>();
    for (State x : s2) {
      roots.add(x.derivative());
    }
    for (Output o : o2) {
      roots.add(o.expression() == null ? o.tag() : o.expression());
    }
    Set<String> needed = new HashSet<>();
    java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
    for (String text : roots) {
      Matcher m = IDENTIFIER.matcher(text);
      while (m.find()) {
        if (needed.add(m.group())) {
          work.push(m.group());
        }
      }
    }
    while (!work.isEmpty()) {
      Algebraic a = remaining.get(work.pop());
      if (a == null) {
        continue;
      }
      Matcher m = IDENTIFIER.matcher(a.expression());
      while (m.find()) {
        if (needed.add(m.group())) {
          work.push(m.group());
        }
      }
    }
    List<Algebraic> kept = new ArrayList<>();
    remaining.values().stream().filter(a -> needed.contains(a.name())).forEach(kept::add);
    return new ProcessModelSpec(
        plant.kind(), plant.description(), parameters, s2, inputs, kept, o2, events);
  }

  /** The text with every bound name replaced by its tag. */
  private static String r(Map<String, String> rename, String text) {
    if (text == null || rename.isEmpty()) {
      return text;
    }
    Matcher m = IDENTIFIER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String to = rename.get(m.group());
      m.appendReplacement(sb, Matcher.quoteReplacement(to == null ? m.group() : to));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
