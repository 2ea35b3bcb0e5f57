package dev.otlab.process;

import static dev.otlab.process.Descriptions.checkName;
import static dev.otlab.process.Descriptions.finite;
import static dev.otlab.process.Descriptions.invalid;
import static dev.otlab.process.Descriptions.nonBlank;
import static dev.otlab.process.Descriptions.positive;

import java.util.List;

/**
 * A P&amp;ID-like drawing of a plant for the dashboard's mimic, as data: pipes, captions and units
 * (tanks, a reactor, pumps, valves and readouts) at positions on a canvas, each with the tags it
 * shows. The dashboard draws in list order (pipes, then captions, then units), so later units lie
 * on top; it fills in limits, states and the HMI's view from the plant's tag dictionary.
 *
 * @param title what the drawing shows, for screen readers
 * @param width canvas width in drawing units
 * @param height canvas height
 */
public record MimicLayout(
    String title,
    double width,
    double height,
    List<Pipe> pipes,
    List<Caption> captions,
    List<Unit> units) {

  public MimicLayout {
    nonBlank(title, "mimic title");
    positive(width, "mimic width");
    positive(height, "mimic height");
    pipes = List.copyOf(pipes);
    captions = List.copyOf(captions);
    units = List.copyOf(units);
    for (Pipe p : pipes) {
      for (Point q : p.points()) {
        inside(q.x(), q.y(), width, height, "a pipe point");
      }
    }
    for (Caption c : captions) {
      inside(c.x(), c.y(), width, height, "caption '" + c.text() + "'");
    }
    for (Unit u : units) {
      inside(u.x(), u.y(), width, height, u.type() + " '" + u.label() + "'");
    }
  }

  private static void inside(double x, double y, double width, double height, String what) {
    if (x < 0 || x > width || y < 0 || y > height) {
      throw invalid(
          "In the mimic, " + what + " at (" + x + ", " + y + ") lies off the canvas.",
          "Keep it within 0.." + width + " by 0.." + height + ", or enlarge the canvas.");
    }
  }

  /** A pipe through points given as x, y, x, y, ... */
  public static Pipe pipe(Medium medium, double... xy) {
    if (xy.length % 2 != 0) {
      throw invalid("A mimic pipe has an odd number of coordinates.", "Give x, y pairs.");
    }
    Point[] points = new Point[xy.length / 2];
    for (int i = 0; i < points.length; i++) {
      points[i] = new Point(xy[2 * i], xy[2 * i + 1]);
    }
    return new Pipe(List.of(points), medium);
  }

  /** A position on the canvas. */
  public record Point(double x, double y) {
    public Point {
      finite(x, "x");
      finite(y, "y");
    }
  }

  /** Where a text sits relative to its position, as in SVG's text-anchor. */
  public enum Anchor {
    START,
    MIDDLE,
    END
  }

  /** What a pipe carries, which sets its look. */
  public enum Medium {
    PROCESS,
    DOSING,
    COOLANT
  }

  /**
   * How a unit shows a tag the plant's tag dictionary does not list (the dictionary's unit wins
   * when it does): as a plain number, a percentage of a 0..1 position, or ON/OFF.
   */
  public enum Display {
    VALUE,
    FRACTION,
    FLAG
  }

  /** A pipe through the points, in order. */
  public record Pipe(List<Point> points, Medium medium) {
    public Pipe {
      points = List.copyOf(points);
      if (points.size() < 2 || medium == null) {
        throw invalid("A mimic pipe needs two points and a medium.", "Give both ends.");
      }
    }
  }

  /** A fixed text such as "consumers →". */
  public record Caption(double x, double y, Anchor anchor, String text) {
    public Caption {
      finite(x, "caption x");
      finite(y, "caption y");
      nonBlank(text, "caption text");
      if (anchor == null) {
        throw invalid("Caption '" + text + "' has no anchor.", "Use START, MIDDLE or END.");
      }
    }
  }

  /**
   * A tag lights its unit (the "on" look) while its value is at least {@code atLeast}.
   *
   * @param tag the tag, often the command rather than the tag shown
   * @param atLeast the threshold, inclusive
   */
  public record OnWhen(String tag, double atLeast) {
    public OnWhen {
      checkName(tag, "on-tag");
      finite(atLeast, "on-threshold of " + tag);
    }
  }

  /** A unit of the drawing, labelled, at a position. */
  public sealed interface Unit permits Tank, Reactor, Pump, Valve, Readout {
    /** The unit's type as the dashboard names it. */
    String type();

    String label();

    double x();

    double y();
  }

  /**
   * A tank whose liquid shows a level tag between empty (0) and {@code fullLevel}, with the tag's
   * alarm and trip limits marked and its value written below, prefixed by the level instrument.
   *
   * @param x left edge
   * @param y top edge
   * @param fullLevel the level that fills the drawing, normally the tank's rim height
   * @param instrument the level transmitter's name, e.g. LIT-101
   */
  public record Tank(
      String label,
      double x,
      double y,
      double width,
      double height,
      String levelTag,
      double fullLevel,
      String instrument)
      implements Unit {
    public Tank {
      nonBlank(label, "tank label");
      finite(x, "x of tank " + label);
      finite(y, "y of tank " + label);
      positive(width, "width of tank " + label);
      positive(height, "height of tank " + label);
      checkName(levelTag, "level tag of tank " + label);
      positive(fullLevel, "full level of tank " + label);
      nonBlank(instrument, "instrument of tank " + label);
    }

    @Override
    public String type() {
      return "tank";
    }
  }

  /**
   * A jacketed reactor: the jacket at the given box, the vessel inside it, and a heat fill that
   * rises with a temperature tag from {@code coldTemperature} to the tag's trip high limit (or
   * {@code hotTemperature} when the plant file gives none), so a runaway fills the vessel.
   */
  public record Reactor(
      String label,
      double x,
      double y,
      double width,
      double height,
      String temperatureTag,
      double coldTemperature,
      double hotTemperature)
      implements Unit {

    /** The gap between the jacket and the vessel it surrounds. */
    public static final double JACKET = 20;

    public Reactor {
      nonBlank(label, "reactor label");
      finite(x, "x of reactor " + label);
      finite(y, "y of reactor " + label);
      if (!(finite(width, "width of reactor " + label) > 2 * JACKET)
          || !(finite(height, "height of reactor " + label) > 2 * JACKET)) {
        throw invalid(
            "Reactor " + label + " is too small for its jacket.",
            "Make it wider and taller than " + 2 * JACKET + ".");
      }
      checkName(temperatureTag, "temperature tag of reactor " + label);
      if (!(finite(coldTemperature, "cold temperature of " + label)
          < finite(hotTemperature, "hot temperature of " + label))) {
        throw invalid(
            "Reactor " + label + " fills from " + coldTemperature + " to " + hotTemperature + ".",
            "Make coldTemperature less than hotTemperature.");
      }
    }

    @Override
    public String type() {
      return "reactor";
    }
  }

  /** A pump at its centre, showing {@code tag}, lit while {@code on} holds. */
  public record Pump(String label, double x, double y, String tag, Display display, OnWhen on)
      implements Unit {
    public Pump {
      nonBlank(label, "pump label");
      finite(x, "x of pump " + label);
      finite(y, "y of pump " + label);
      checkName(tag, "tag of pump " + label);
      if (display == null || on == null) {
        throw invalid("Pump " + label + " lacks a display or on-condition.", "Give both.");
      }
    }

    @Override
    public String type() {
      return "pump";
    }
  }

  /** A valve at its centre, showing {@code tag}, lit while {@code on} holds. */
  public record Valve(String label, double x, double y, String tag, Display display, OnWhen on)
      implements Unit {
    public Valve {
      nonBlank(label, "valve label");
      finite(x, "x of valve " + label);
      finite(y, "y of valve " + label);
      checkName(tag, "tag of valve " + label);
      if (display == null || on == null) {
        throw invalid("Valve " + label + " lacks a display or on-condition.", "Give both.");
      }
    }

    @Override
    public String type() {
      return "valve";
    }
  }

  /** An instrument's value under its label, e.g. FIT-101 inflow. */
  public record Readout(
      String label, double x, double y, Anchor anchor, String tag, Display display)
      implements Unit {
    public Readout {
      nonBlank(label, "readout label");
      finite(x, "x of readout " + label);
      finite(y, "y of readout " + label);
      checkName(tag, "tag of readout " + label);
      if (anchor == null || display == null) {
        throw invalid("Readout " + label + " lacks an anchor or display.", "Give both.");
      }
    }

    @Override
    public String type() {
      return "readout";
    }
  }
}
