package dev.otlab.process.units;

import dev.otlab.process.ModelParameters.Constraint;
import java.util.List;
import java.util.Map;

/**
 * A kind of unit model (tank, valve, pump, ...): the plug-in point of the unit library. An
 * implementation declares what a plant file may set on an instance (parameters with units and
 * defaults, options that change its structure) and its ports, and expands an instance into
 * declarations through a {@link UnitContext}, which prefixes every name with the instance id.
 * Register implementations in {@code META-INF/services/dev.otlab.process.units.UnitKind}.
 */
public interface UnitKind {

  /** The name plant files use, lower case with hyphens ({@code heat-exchanger}). */
  String kind();

  /** One sentence on what the unit models, for the docs and messages. */
  String description();

  /**
   * The numeric parameters of an instance, in declaration order. A default may be an expression
   * over the parameters before it, written with their local names wrapped as {@code {name}} (the
   * context substitutes the instance's names).
   */
  List<UnitParameter> parameters();

  /**
   * Options: structural choices that are not numbers (a tank's shape, a valve's characteristic).
   */
  List<UnitOption> options();

  /** The ports of an instance with these options (complete: defaults filled in). */
  List<Port> ports(Map<String, String> options);

  /** Declares the instance's variables and equations; see {@link UnitContext}. */
  void expand(UnitContext unit);

  /**
   * A parameter of a unit kind.
   *
   * @param value the default, a number in {@code unit} or an expression (see {@link #parameters()})
   */
  record UnitParameter(
      String name, String value, String unit, String description, Constraint constraint) {

    public UnitParameter(
        String name, double value, String unit, String description, Constraint constraint) {
      this(name, Double.toString(value), unit, description, constraint);
    }
  }

  /**
   * A structural option.
   *
   * @param allowed the values accepted; empty means any text (a number of stages, an expression)
   */
  record UnitOption(String name, String defaultValue, List<String> allowed, String description) {}

  /** Which way a stream runs through a port. */
  enum Direction {
    IN,
    OUT
  }

  /** Who sets the flow of the stream at a port. */
  enum FlowRole {
    /** This unit computes the flow (a pump, a valve, a tank's gravity outlet). */
    DEFINES,
    /** The unit at the other end sets it (a tank's inlet, a drawn-off outlet). */
    FOLLOWS,
    /** The flow is the one on the partner port (a pipe, a dosing point). */
    PASSES
  }

  /**
   * A port.
   *
   * @param partner for {@link FlowRole#PASSES}, the port whose stream has the same flow; else null
   * @param optional an unconnected optional port has no flow; a required one must be connected
   */
  record Port(
      String name,
      Direction direction,
      StreamType type,
      FlowRole role,
      String partner,
      boolean optional,
      String description) {

    static Port in(String name, StreamType type, FlowRole role, String description) {
      return new Port(name, Direction.IN, type, role, null, false, description);
    }

    static Port out(String name, StreamType type, FlowRole role, String description) {
      return new Port(name, Direction.OUT, type, role, null, false, description);
    }

    Port passing(String partnerPort) {
      return new Port(name, direction, type, FlowRole.PASSES, partnerPort, optional, description);
    }

    Port asOptional() {
      return new Port(name, direction, type, role, partner, true, description);
    }
  }
}
