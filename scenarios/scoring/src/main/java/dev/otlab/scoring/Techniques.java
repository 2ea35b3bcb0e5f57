package dev.otlab.scoring;

import dev.otlab.scoring.AttackerCapability.Means;
import java.util.Map;
import java.util.Set;

/**
 * How scoring reads a technique: whether succeeding with it changes control (the severity of a
 * cyber objective), whether it moves the attacker to another host, and the means it takes of an
 * attacker (the IEC 62443-3-3 security level mapping of {@link AttackerCapability}).
 */
final class Techniques {

  private Techniques() {}

  /** Techniques whose success changes how the process is controlled or protected. */
  static final Set<String> CONTROL =
      Set.of(
          "T0855", "T0836", "T0806", "T0831", "T0880", "T0837", "T0858", "T0843", "T0814", "T0856");

  /** Pivots: moving the attacker to another host. */
  static final Set<String> PIVOTS = Set.of("T0886", "T0866");

  /** Step parameters that carry credentials: the step needs them, and tables mask them. */
  static final Set<String> CREDENTIAL_PARAMS = Set.of("username", "password");

  /** A step parameter naming a held account: the step needs stolen credentials (not masked). */
  static final String ACCOUNT_PARAM = "account";

  /**
   * The means each technique of the catalogue takes. Discovery and reads are casual; commands,
   * parameter writes and floods over documented protocol functions are generic; log-ins are
   * credentials; the IACS-specific ones fall into three families (controller logic and execution,
   * the process view, the safety system), see docs/scoring.md.
   */
  private static final Map<String, Means> MEANS =
      Map.ofEntries(
          Map.entry("T0846", Means.CASUAL),
          Map.entry("T0888", Means.CASUAL),
          Map.entry("T0861", Means.CASUAL),
          Map.entry("T0855", Means.GENERIC),
          Map.entry("T0836", Means.GENERIC),
          Map.entry("T0806", Means.GENERIC),
          Map.entry("T0831", Means.GENERIC),
          Map.entry("T0814", Means.GENERIC),
          // The lab's exploit succeeds only on an unhardened host: an off-the-shelf exploit.
          Map.entry("T0866", Means.GENERIC),
          Map.entry("T0812", Means.CREDENTIALS),
          Map.entry("T0859", Means.CREDENTIALS),
          Map.entry("T0886", Means.CREDENTIALS),
          // Credential harvesting on a held host (the lab's use of Data from Local System).
          Map.entry("T0893", Means.CREDENTIALS),
          Map.entry("T0858", Means.IACS_LOGIC),
          Map.entry("T0843", Means.IACS_LOGIC),
          Map.entry("T0830", Means.IACS_VIEW),
          Map.entry("T0856", Means.IACS_VIEW),
          Map.entry("T0880", Means.IACS_SAFETY),
          Map.entry("T0837", Means.IACS_SAFETY));

  /** Means a technique takes; one the table does not know counts as generic. */
  static Means means(String technique) {
    return MEANS.getOrDefault(technique, Means.GENERIC);
  }
}
