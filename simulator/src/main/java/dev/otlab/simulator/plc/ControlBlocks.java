package dev.otlab.simulator.plc;

import dev.otlab.core.OtlabException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/** The catalogue of control block types found on the class path. */
public final class ControlBlocks {

  private static final Map<String, ControlBlockFactory> FACTORIES = load();

  private ControlBlocks() {}

  private static Map<String, ControlBlockFactory> load() {
    Map<String, ControlBlockFactory> m = new TreeMap<>();
    for (ControlBlockFactory f : ServiceLoader.load(ControlBlockFactory.class)) {
      m.put(f.type(), f);
    }
    return Map.copyOf(m);
  }

  /** Known block type names. */
  public static java.util.Set<String> types() {
    return new TreeSet<>(FACTORIES.keySet());
  }

  public static java.util.Optional<ControlBlockFactory> factory(String type) {
    return java.util.Optional.ofNullable(FACTORIES.get(type));
  }

  /** Builds a program from block specs, checking parameter names first. */
  public static List<ControlBlock> build(List<BlockSpec> specs, ControllerEndpoint image) {
    List<ControlBlock> program = new ArrayList<>();
    for (BlockSpec spec : specs) {
      ControlBlockFactory f = FACTORIES.get(spec.type());
      if (f == null) {
        throw new OtlabException(
            "BLOCK_TYPE_UNKNOWN",
            "Controller '" + image.id() + "': no control block type '" + spec.type() + "'.",
            "Use one of " + types() + ".");
      }
      for (String r : f.required()) {
        if (!spec.params().containsKey(r)) {
          throw new OtlabException(
              "BLOCK_PARAM_MISSING",
              "Controller '"
                  + image.id()
                  + "': block "
                  + spec.type()
                  + " needs parameter '"
                  + r
                  + "'.",
              "Add " + r + " (required: " + new TreeSet<>(f.required()) + ").");
        }
      }
      for (String k : spec.params().keySet()) {
        if (!f.required().contains(k) && !f.optional().contains(k)) {
          TreeSet<String> all = new TreeSet<>(f.required());
          all.addAll(f.optional());
          throw new OtlabException(
              "BLOCK_PARAM_UNKNOWN",
              "Controller '"
                  + image.id()
                  + "': block "
                  + spec.type()
                  + " has no parameter '"
                  + k
                  + "'.",
              "Use only " + all + ".");
        }
      }
      program.add(f.create(spec, image));
    }
    return program;
  }
}
