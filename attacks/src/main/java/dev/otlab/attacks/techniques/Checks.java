package dev.otlab.attacks.techniques;

import dev.otlab.attacks.ParameterProblem;
import dev.otlab.attacks.StepScope;
import dev.otlab.network.HostRole;
import dev.otlab.network.Names;
import dev.otlab.simulator.plant.ControllerSpec;
import dev.otlab.simulator.plant.PointBinding;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The load-time checks of one step: the same {@link Params} reads a step makes when it runs, with
 * each {@link Params.Bad} turned into a {@link ParameterProblem}, plus what only the plant can say
 * (the targeted controller's tags, their tables, write ranges and program). Every problem is
 * collected, so one pass reports them all.
 */
final class Checks {

  private final String technique;
  private final Params params;
  private final StepScope scope;
  private final List<ParameterProblem> problems = new ArrayList<>();
  private boolean targetReported;

  Checks(String technique, Map<String, String> params, StepScope scope) {
    this.technique = technique;
    this.params = new Params(params);
    this.scope = scope;
  }

  Params params() {
    return params;
  }

  List<ParameterProblem> problems() {
    return problems;
  }

  void add(String parameter, String message, String remedy) {
    problems.add(new ParameterProblem(parameter, sentence(message, false), sentence(remedy, true)));
  }

  /** Runs one typed read; a {@link Params.Bad} becomes a problem of {@code parameter}. */
  void param(String parameter, Runnable read) {
    value(
        parameter,
        () -> {
          read.run();
          return Boolean.TRUE;
        });
  }

  /** The value of one typed read, or null after recording its problem. */
  <T> @Nullable T value(String parameter, Supplier<T> read) {
    try {
      return read.get();
    } catch (Params.Bad e) {
      add(
          parameter,
          e.what(),
          e.remedy().isEmpty() ? "Fix parameter '" + parameter + "'" : e.remedy());
      return null;
    }
  }

  /**
   * The controller the step targets, or null. A target of another kind ({@code role:}, {@code all})
   * is a problem, once; an unknown controller or a missing target is the loader's to report.
   */
  @Nullable ControllerSpec controller() {
    var c = scope.controller();
    if (c.isPresent()) {
      return c.get();
    }
    String target = scope.target();
    if (target != null && !target.startsWith("plc:") && !targetReported) {
      targetReported = true;
      add(
          "target",
          technique
              + " acts on a controller, and '"
              + target
              + "' is not one (a role's host runs no PLC program or tags)",
          "Write target: plc:<controller>, one of " + controllerIds());
    }
    return null;
  }

  /** A pivot or login moves to a host by role; a controller or {@code all} is a problem. */
  void roleTarget() {
    String target = scope.target();
    if (target != null && !target.startsWith("role:")) {
      add(
          "target",
          technique + " moves to a host by its role, and '" + target + "' names no role",
          "Write target: role:<role>, one of " + roles());
    }
  }

  /** {@code client}: {@code role:R} for a known role; scenarios never name hosts. */
  void client() {
    String c = params.get("client");
    if (c == null) {
      return;
    }
    if (!c.startsWith("role:") || !roles().contains(c.substring(5))) {
      add(
          "client",
          "'" + c + "' names no host role",
          "Write client: role:<role>, one of " + roles() + " (scenarios never name hosts)");
    }
  }

  /** The point {@code tag} of {@code c}, or null after recording why not. */
  @Nullable PointSpec point(String parameter, ControllerSpec c, String tag, boolean write) {
    PointSpec found =
        c.points().stream()
            .map(PointBinding::point)
            .filter(p -> p.tag().equals(tag))
            .findFirst()
            .orElse(null);
    if (found == null) {
      add(
          parameter,
          "'" + tag + "' is not a tag of controller " + c.id(),
          "Use one of " + tags(c, write) + (write ? " (its writable tags)" : ""));
      return null;
    }
    if (write && !found.writable()) {
      add(
          parameter,
          "tag '"
              + tag
              + "' of controller "
              + c.id()
              + " is read-only ("
              + found.description()
              + ")",
          "Write one of " + tags(c, true));
      return null;
    }
    return found;
  }

  /** The point at {@code address} of {@code table}, or null after recording why not. */
  @Nullable PointSpec pointAt(ControllerSpec c, Table table, int address) {
    for (PointBinding b : c.points()) {
      PointSpec p = b.point();
      if (p.table() == table
          && address >= p.address()
          && address < p.address() + p.type().words()) {
        if (!p.writable()) {
          add(
              "address",
              table.yamlName()
                  + " "
                  + address
                  + " of "
                  + c.id()
                  + " is '"
                  + p.tag()
                  + "', read-only",
              "Write one of " + tags(c, true));
          return null;
        }
        return p;
      }
    }
    List<String> mapped = new ArrayList<>();
    for (PointBinding b : c.points()) {
      if (b.point().table() == table && b.point().writable()) {
        mapped.add(b.point().address() + " (" + b.point().tag() + ")");
      }
    }
    add(
        "address",
        "controller " + c.id() + " has no " + table.yamlName() + " at address " + address,
        mapped.isEmpty()
            ? "Write one of the tags " + tags(c, true)
            : "Use a mapped address: " + String.join(", ", mapped));
    return null;
  }

  /**
   * Whether {@code value} can be written to {@code p}: a switch value for a bit, a number within
   * the point's write range (the PLC refuses others) that fits its register otherwise.
   */
  void writable(String parameter, PointSpec p, String value) {
    if (p.type() == DataType.BOOL) {
      param(parameter, () -> Params.bool(parameter, value));
      return;
    }
    Double v = value(parameter, () -> Params.decimal(parameter, value));
    if (v == null) {
      return;
    }
    if (v < p.min() || v > p.max()) {
      add(
          parameter,
          "value "
              + value
              + " for '"
              + p.tag()
              + "' is outside its write range ["
              + num(p.min())
              + ", "
              + num(p.max())
              + "] "
              + p.unit()
              + ", so the PLC would refuse it",
          "Write a value from " + num(p.min()) + " to " + num(p.max()));
      return;
    }
    param(parameter, () -> AitmPoints.raw(p, value));
  }

  /** The role names a scenario may use. */
  static List<String> roles() {
    return Arrays.stream(HostRole.values()).map(Names::yaml).toList();
  }

  private List<String> controllerIds() {
    return scope.plant().controllers().stream().map(ControllerSpec::id).toList();
  }

  static List<String> tags(ControllerSpec c, boolean writableOnly) {
    return c.points().stream()
        .map(PointBinding::point)
        .filter(p -> !writableOnly || p.writable())
        .map(PointSpec::tag)
        .toList();
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** A message continues "step 'x' (T0855): ", so only a remedy starts with a capital. */
  private static String sentence(String s, boolean capital) {
    String t = s.strip();
    if (t.isEmpty()) {
      return t;
    }
    if (capital) {
      t = t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
    }
    return t.endsWith(".") ? t : t + ".";
  }
}
