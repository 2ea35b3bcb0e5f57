package dev.otlab.library;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otlab.core.OtlabException;
import dev.otlab.process.MimicLayout;
import dev.otlab.process.MimicLayout.Anchor;
import dev.otlab.process.MimicLayout.Display;
import dev.otlab.process.MimicLayout.Medium;
import dev.otlab.process.MimicLayout.OnWhen;
import dev.otlab.process.ProductionMeasure;
import dev.otlab.process.expr.Dimension;
import dev.otlab.process.expr.Unit;
import dev.otlab.process.knowledge.DeclaredBalance;
import dev.otlab.process.knowledge.DeclaredBalance.Quantity;
import dev.otlab.process.knowledge.DeclaredKnowledge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a plant file's knowledge sections ({@code production:}, {@code balances:}, {@code mimic:}),
 * reporting problems at their paths. Every number in them except a balance's {@code sigma} may be
 * written as an expression over the process parameters, in the units the parameters are declared in
 * (so {@code fullLevel: raw_height}); a balance's {@code rate} computes in SI with its units
 * checked against the tag dictionary ({@link DeclaredBalance}).
 */
final class KnowledgeReader {

  private static final Map<String, Medium> MEDIA = Reader.byYamlName(Medium.values());
  private static final Map<String, Anchor> ANCHORS = Reader.byYamlName(Anchor.values());
  private static final Map<String, Display> DISPLAYS = Reader.byYamlName(Display.values());

  private final Reader r;
  private final Map<String, Double> values;
  private final Map<String, Quantity> quantities;
  private final Map<String, String> tagUnits;
  private final @Nullable Set<String> knownTags;

  /**
   * @param parameters the plant's resolved process parameters: value and declared unit
   * @param tagUnits the tag dictionary's units
   * @param knownTags the tags a mimic or production may name (process tags, inputs and the
   *     dictionary's), or null when the model did not load and they cannot be checked
   */
  KnowledgeReader(
      Reader r,
      Map<String, Quantity> parameters,
      Map<String, String> tagUnits,
      @Nullable Set<String> knownTags) {
    this.r = r;
    this.quantities = Map.copyOf(parameters);
    this.values = new java.util.HashMap<>();
    parameters.forEach((k, q) -> values.put(k, q.value()));
    this.tagUnits = Map.copyOf(tagUnits);
    this.knownTags = knownTags;
  }

  DeclaredKnowledge read(JsonNode root) {
    return new DeclaredKnowledge(
        production(root.get("production")), balances(root), mimic(root.get("mimic")));
  }

  // ---------------------------------------------------------------- production

  private @Nullable ProductionMeasure production(@Nullable JsonNode n) {
    if (!r.object(n)) {
      return null;
    }
    String p = "production";
    String unit = r.text(n, p, "unit", null);
    List<String> factors = new ArrayList<>();
    r.list(n, p, "factors", (f, fp) -> factors.add(tag(f.asText(), fp)));
    double scale = quantity(n, p, "scale", 1.0);
    double seconds = 1;
    String per = r.text(n, p, "per", "s");
    try {
      Unit u = Unit.parse(per, "production.per");
      if (u.dimension().equals(Dimension.TIME)) {
        seconds = u.scale();
      } else {
        r.problem(p + ".per", "'" + per + "' is not a unit of time.", "Use s, min, h or d.");
      }
    } catch (OtlabException e) {
      r.problem(p + ".per", e.getMessage(), e.remedy());
    }
    String quality = r.text(n, p, "quality", "");
    if (!quality.isEmpty() && !tagUnits.containsKey(quality)) {
      r.problem(
          p + ".quality",
          "'" + quality + "' is not a tag of the plant's tag dictionary.",
          "Name a tag listed under tags: whose trip limits bound good product.");
    }
    double s = seconds;
    return build(
        p,
        () -> new ProductionMeasure(unit, factors, scale, s, quality.isEmpty() ? null : quality));
  }

  // ---------------------------------------------------------------- balances

  private @Nullable List<DeclaredBalance> balances(JsonNode root) {
    JsonNode list = root.get("balances");
    if (list == null || !list.isArray()) {
      return null;
    }
    List<DeclaredBalance> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    r.list(
        root,
        "",
        "balances",
        (n, p) -> {
          if (!r.object(n)) {
            return;
          }
          String name = r.text(n, p, "name", null);
          if (!names.add(name)) {
            r.problem(p + ".name", "'" + name + "' names two balances.", "Name each once.");
          }
          String measured = r.text(n, p, "measured", null);
          if (!tagUnits.containsKey(measured)) {
            r.problem(
                p + ".measured",
                "'" + measured + "' is not a tag of the plant's tag dictionary.",
                "Measure a tag listed under tags:, with its unit.");
            return;
          }
          String rate = r.text(n, p, "rate", null);
          double above = Double.NEGATIVE_INFINITY;
          double below = Double.POSITIVE_INFINITY;
          JsonNode holds = n.get("holds");
          if (r.object(holds)) {
            above = quantity(holds, p + ".holds", "above", above);
            below = quantity(holds, p + ".holds", "below", below);
          }
          JsonNode sn = n.get("sigma");
          double sigma = sn == null || sn.isNull() ? Double.NaN : r.number(n, p, "sigma", null);
          Map<String, Quantity> used = new java.util.LinkedHashMap<>();
          for (String v : variables(rate)) {
            if (!tagUnits.containsKey(v) && quantities.containsKey(v)) {
              used.put(v, quantities.get(v));
            }
          }
          if (!Double.isNaN(sigma) && !(sigma > 0)) {
            r.problem(p + ".sigma", "is " + sigma + ".", "Give the residual's noise, above 0.");
          }
          if (!(above < below)) {
            r.problem(
                p + ".holds",
                "above " + above + " and below " + below + " leaves nothing.",
                "Make above less than below, or leave one out.");
          }
          DeclaredBalance b =
              new DeclaredBalance(
                  name, measured, rate, above, below, sigma, r.text(n, p, "description", ""), used);
          DeclaredBalance compiled =
              build(
                  p,
                  () -> {
                    try {
                      b.compile(tagUnits);
                      return b;
                    } catch (OtlabException e) {
                      r.problem(p + ".rate", e.getMessage(), e.remedy());
                      return null;
                    }
                  });
          if (compiled != null) {
            out.add(compiled);
          }
        });
    return out;
  }

  private static Set<String> variables(String rate) {
    try {
      return dev.otlab.process.expr.Expression.parse(rate, "rate").variables();
    } catch (OtlabException e) {
      return Set.of(); // compile() reports it with its position
    }
  }

  // ---------------------------------------------------------------- mimic

  private @Nullable MimicLayout mimic(@Nullable JsonNode n) {
    if (!r.object(n)) {
      return null;
    }
    String p = "mimic";
    String title = r.text(n, p, "title", null);
    double width = quantity(n, p, "width", null);
    double height = quantity(n, p, "height", null);
    List<MimicLayout.Pipe> pipes = new ArrayList<>();
    r.list(
        n,
        p,
        "pipes",
        (pn, pp) -> {
          if (!r.object(pn)) {
            return;
          }
          List<MimicLayout.Point> points = new ArrayList<>();
          JsonNode pts = pn.get("points");
          if (pts != null && pts.isArray()) {
            for (int i = 0; i < pts.size(); i++) {
              JsonNode xy = pts.get(i);
              if (xy.isArray() && xy.size() == 2 && xy.get(0).isNumber() && xy.get(1).isNumber()) {
                points.add(new MimicLayout.Point(xy.get(0).asDouble(), xy.get(1).asDouble()));
              } else {
                r.problem(pp + ".points[" + i + "]", "is not a point.", "Write [x, y].");
              }
            }
          }
          Medium m = r.choice(pn, "medium", MEDIA, "process");
          MimicLayout.Pipe pipe = build(pp, () -> new MimicLayout.Pipe(points, m));
          if (pipe != null) {
            pipes.add(pipe);
          }
        });
    List<MimicLayout.Caption> captions = new ArrayList<>();
    r.list(
        n,
        p,
        "captions",
        (cn, cp) -> {
          if (!r.object(cn)) {
            return;
          }
          double x = quantity(cn, cp, "x", null);
          double y = quantity(cn, cp, "y", null);
          Anchor a = r.choice(cn, "anchor", ANCHORS, "start");
          String text = r.text(cn, cp, "text", null);
          MimicLayout.Caption c = build(cp, () -> new MimicLayout.Caption(x, y, a, text));
          if (c != null) {
            captions.add(c);
          }
        });
    List<MimicLayout.Unit> units = new ArrayList<>();
    r.list(
        n,
        p,
        "units",
        (un, up) -> {
          if (!r.object(un)) {
            return;
          }
          MimicLayout.Unit u = unit(un, up);
          if (u != null) {
            units.add(u);
          }
        });
    return build(p, () -> new MimicLayout(title, width, height, pipes, captions, units));
  }

  private MimicLayout.@Nullable Unit unit(JsonNode n, String p) {
    String type = r.text(n, p, "type", "");
    String label = r.text(n, p, "label", null);
    double x = quantity(n, p, "x", null);
    double y = quantity(n, p, "y", null);
    switch (type) {
      case "tank" -> {
        double w = quantity(n, p, "width", null);
        double h = quantity(n, p, "height", null);
        String level = tag(r.text(n, p, "levelTag", null), p + ".levelTag");
        double full = quantity(n, p, "fullLevel", null);
        String instrument = r.text(n, p, "instrument", null);
        return build(p, () -> new MimicLayout.Tank(label, x, y, w, h, level, full, instrument));
      }
      case "reactor" -> {
        double w = quantity(n, p, "width", null);
        double h = quantity(n, p, "height", null);
        String t = tag(r.text(n, p, "temperatureTag", null), p + ".temperatureTag");
        double cold = quantity(n, p, "coldTemperature", null);
        double hot = quantity(n, p, "hotTemperature", null);
        return build(p, () -> new MimicLayout.Reactor(label, x, y, w, h, t, cold, hot));
      }
      case "pump", "valve" -> {
        String t = tag(r.text(n, p, "tag", null), p + ".tag");
        Display d = r.choice(n, "display", DISPLAYS, "value");
        OnWhen on = on(n.get("on"), p + ".on", t);
        if (on == null) {
          return null;
        }
        return build(
            p,
            () ->
                type.equals("pump")
                    ? new MimicLayout.Pump(label, x, y, t, d, on)
                    : new MimicLayout.Valve(label, x, y, t, d, on));
      }
      case "readout" -> {
        String t = tag(r.text(n, p, "tag", null), p + ".tag");
        Anchor a = r.choice(n, "anchor", ANCHORS, "start");
        Display d = r.choice(n, "display", DISPLAYS, "value");
        return build(p, () -> new MimicLayout.Readout(label, x, y, a, t, d));
      }
      default -> {
        return null; // the schema names the types
      }
    }
  }

  /**
   * {@code on: {tag, atLeast}} lights at or above the threshold, {@code on: {tag, above}} strictly
   * above it (a pump idling at exactly zero reads as off); the tag defaults to the one shown.
   */
  private @Nullable OnWhen on(@Nullable JsonNode n, String p, String shown) {
    if (!r.object(n)) {
      r.problem(p, "is missing.", "Say when the unit lights: on: {tag: pump_on, atLeast: 0.5}.");
      return null;
    }
    String tag = tag(r.text(n, p, "tag", shown), p + ".tag");
    boolean strict = n.has("above");
    if (strict == n.has("atLeast")) {
      r.problem(p, "needs exactly one of atLeast and above.", "Write atLeast: 0.5 or above: 0.");
      return null;
    }
    double t = quantity(n, p, strict ? "above" : "atLeast", null);
    return build(p, () -> new OnWhen(tag, strict ? Math.nextUp(t) : t));
  }

  // ---------------------------------------------------------------- helpers

  /** A tag a section names, checked against the plant's tags when the model loaded. */
  private String tag(String name, String path) {
    if (knownTags != null && !name.isEmpty() && !knownTags.contains(name)) {
      r.problem(
          path,
          "'" + name + "' is not a tag of the plant.",
          "Use one of " + new TreeSet<>(knownTags) + ".");
    }
    return name;
  }

  /** A number, or an expression over the process parameters in their declared units. */
  private double quantity(JsonNode parent, String path, String field, @Nullable Double fallback) {
    JsonNode n = parent.get(field);
    if (n != null && n.isTextual()) {
      try {
        double v =
            DeclaredKnowledge.parameterExpression(n.asText(), values, Reader.join(path, field));
        if (Double.isFinite(v)) {
          return v;
        }
        r.problem(Reader.join(path, field), "is " + v + ".", "Give a finite number.");
      } catch (OtlabException e) {
        r.problem(Reader.join(path, field), e.getMessage(), e.remedy());
      }
      return fallback == null ? 0 : fallback;
    }
    if (n == null || n.isNull()) {
      if (fallback == null) {
        return 0; // required: the schema reports it missing
      }
      return fallback;
    }
    return r.number(parent, path, field, fallback);
  }

  /**
   * The item at {@code path}, unless a problem is already reported in it (a value that did not read
   * would only add a second, misleading problem).
   */
  private <T> @Nullable T build(String path, Supplier<T> make) {
    boolean reported =
        r.problems().stream()
            .anyMatch(
                q ->
                    q.path().equals(path)
                        || q.path().startsWith(path + ".")
                        || q.path().startsWith(path + "["));
    if (reported) {
      return null;
    }
    try {
      return make.get();
    } catch (OtlabException e) {
      r.problem(path, e.getMessage(), e.remedy());
      return null;
    }
  }
}
