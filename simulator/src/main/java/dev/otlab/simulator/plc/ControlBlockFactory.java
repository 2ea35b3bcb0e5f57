package dev.otlab.simulator.plc;

import java.util.Set;

/**
 * Makes control blocks of one type. Found with {@link java.util.ServiceLoader}, so a user can add a
 * block type by dropping a jar on the class path, the way PLC4X adds drivers.
 */
public interface ControlBlockFactory {

  /** The type name used in plant files. */
  String type();

  /** Parameter names this type requires. */
  Set<String> required();

  /** Parameter names this type accepts besides the required ones. */
  Set<String> optional();

  /**
   * Creates a block. {@code params} has been checked against {@link #required()} and {@link
   * #optional()}; the factory checks values and tags and throws an OtlabException naming the
   * parameter when one is wrong.
   */
  ControlBlock create(BlockSpec spec, ControllerEndpoint image);
}
