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
}
