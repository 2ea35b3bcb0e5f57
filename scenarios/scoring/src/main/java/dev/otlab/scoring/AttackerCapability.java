package dev.otlab.scoring;

import dev.otlab.library.ScenarioSpec;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a scenario's technique chain takes of an attacker, on the security level scale of IEC
 * 62443-3-3: SL 1 protects against casual or coincidental violation; SL 2 against intentional
 * violation with simple means, low resources and generic skills; SL 3 against sophisticated means
 * with moderate resources and IACS-specific skills; SL 4 against the same with extended resources.
 *
 * <p>The mapping (docs/scoring.md, "Attacker security level", has worked examples): each step needs
 * {@link Means}; the chain's level is the highest level among them, and 4 when it combines
 * IACS-specific skills of two or more families (each family is its own engineering effort, and
 * building them into one working attack is what extended resources buy). Pivots and credentials are
 * generic IT means: however many of them a chain strings together across zones, they never raise it
 * above SL 2 by themselves.
 *
 * @param securityLevel 1 to 4
 * @param means what the chain needs, best-known first (declaration order of {@link Means})
 * @param pivots steps that move the attacker to another host
 * @param rationale the level in words: which means decided it
 */
public record AttackerCapability(
    int securityLevel, List<Means> means, int pivots, String rationale) {

  public AttackerCapability {
    means = List.copyOf(means);
    if (securityLevel < 1 || securityLevel > 4) {
      throw new IllegalArgumentException("a security level is 1 to 4, not " + securityLevel);
    }
  }

  /** What a step of a chain takes, and the level it alone implies. */
  public enum Means {
    /** Discovery and reads any user of the network could make by chance. */
    CASUAL(1, false, "discovery and reads"),
    /** Commands, parameter writes, floods and public exploits with free tools. */
    GENERIC(2, false, "generic tools on documented protocol functions"),
    /** Stolen, weak or default credentials, remote log-ins. */
    CREDENTIALS(2, false, "stolen, weak or default credentials"),
    /** Controller execution: operating mode changes, program download. */
    IACS_LOGIC(3, true, "IACS-specific: controller mode or logic"),
    /** The process view: adversary-in-the-middle on the control protocol, spoofed reporting. */
    IACS_VIEW(3, true, "IACS-specific: adversary-in-the-middle on the process view"),
    /** The safety system: SIS bypass, trip points, any step beyond discovery against a SIS. */
    IACS_SAFETY(3, true, "IACS-specific: defeating the safety system");

    private final int level;
    private final boolean iacsSpecific;
    private final String words;

    Means(int level, boolean iacsSpecific, String words) {
      this.level = level;
      this.iacsSpecific = iacsSpecific;
      this.words = words;
    }

    /** The security level this means alone takes. */
    public int level() {
      return level;
    }

    /** Whether it is one of the IACS-specific families. */
    public boolean iacsSpecific() {
      return iacsSpecific;
    }

    public String words() {
      return words;
    }
  }

  /**
   * One step of a chain as the mapping reads it.
   *
   * @param technique ATT&amp;CK for ICS id
   * @param credentials the step logs in with credentials its parameters name
   * @param safetySystem the step is aimed at a safety instrumented system
   */
  public record ChainStep(String technique, boolean credentials, boolean safetySystem) {}

  /** The capability a library scenario takes, its targets resolved in the architecture. */
  public static AttackerCapability of(ScenarioSpec spec, ArchitectureSpec arch) {
    List<ChainStep> chain = new ArrayList<>();
    for (ScenarioSpec.Step s : spec.steps()) {
      String target = s.params().get("target");
      boolean sis =
          target != null
              && Scorecard.resolve(target, arch).map(h -> h.role() == HostRole.SIS).orElse(false);
      boolean credentials =
          s.params().keySet().stream().anyMatch(Techniques.CREDENTIAL_PARAMS::contains)
              || s.params().containsKey(Techniques.ACCOUNT_PARAM);
      chain.add(new ChainStep(s.technique(), credentials, sis));
    }
    return of(chain);
  }

  /** The capability a chain of steps takes. */
  public static AttackerCapability of(List<ChainStep> chain) {
    Set<Means> needs = EnumSet.noneOf(Means.class);
    int pivots = 0;
    for (ChainStep s : chain) {
      Means m = Techniques.means(s.technique());
      needs.add(m);
      if (s.credentials()) {
        needs.add(Means.CREDENTIALS);
      }
      if (s.safetySystem() && m != Means.CASUAL) {
        needs.add(Means.IACS_SAFETY);
      }
      if (Techniques.PIVOTS.contains(s.technique())) {
        pivots++;
      }
    }
    long families = needs.stream().filter(Means::iacsSpecific).count();
    int highest = needs.stream().mapToInt(Means::level).max().orElse(1);
    int level = families >= 2 ? 4 : highest;
    List<String> words = needs.stream().map(Means::words).toList();
    String why =
        switch (level) {
          case 4 ->
              "IACS-specific skills of " + families + " families combined (extended resources)";
          case 3 -> "IACS-specific skills of one family (moderate resources)";
          case 2 -> "intentional, simple means and generic skills";
          default -> "nothing beyond casual discovery";
        };
    String rationale =
        String.format(
            Locale.ROOT,
            "SL %d: %s; needs %s%s",
            level,
            why,
            words.isEmpty() ? "nothing" : String.join(", ", words),
            pivots == 0 ? "" : "; " + pivots + " pivot(s), generic means that do not raise it");
    return new AttackerCapability(level, List.copyOf(needs), pivots, rationale);
  }
}
