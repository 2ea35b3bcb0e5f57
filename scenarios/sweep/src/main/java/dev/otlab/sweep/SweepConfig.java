package dev.otlab.sweep;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One configuration of a sweep: what one {@link dev.otlab.scoring.Evaluation} scores.
 *
 * @param architecture library architecture name or path, as the sweep names it, or the id of one of
 *     its variants
 * @param suite library suite name or path, as the sweep names it
 * @param detection detection profile name, or null for none
 * @param playbooks the playbooks that defend every run (names or paths), empty for none
 */
public record SweepConfig(
    String architecture, String suite, @Nullable String detection, List<String> playbooks) {

  public SweepConfig {
    playbooks = List.copyOf(playbooks);
  }

  /** Whether playbooks defend this configuration's runs. */
  public boolean defended() {
    return !playbooks.isEmpty();
  }

  /**
   * Stable text naming this configuration, safe as a file name: {@code ARCH.SUITE.DETECTION} and,
   * defended, {@code .PLAYBOOK+PLAYBOOK}; a path contributes its file name without extension.
   */
  public String key() {
    StringBuilder b =
        new StringBuilder(part(architecture))
            .append('.')
            .append(part(suite))
            .append('.')
            .append(detection == null ? "none" : part(detection));
    if (defended()) {
      b.append('.');
      for (int i = 0; i < playbooks.size(); i++) {
        b.append(i == 0 ? "" : "+").append(part(playbooks.get(i)));
      }
    }
    return b.toString();
  }

  /** A name as it is; a path as its file name without extension; anything else unsafe as '_'. */
  static String part(String reference) {
    String s = reference.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1);
    if (s.endsWith(".yaml") || s.endsWith(".yml")) {
      s = s.substring(0, s.lastIndexOf('.'));
    }
    s = s.replaceAll("[^A-Za-z0-9_-]", "_");
    return s.isEmpty() ? "_" : s;
  }
}
