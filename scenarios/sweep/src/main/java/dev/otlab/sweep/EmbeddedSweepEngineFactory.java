package dev.otlab.sweep;

import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded engine as {@code otlab sweep --engine embedded} makes it: options {@code jobs}
 * (default 1) and {@code pki} (the certificates' folder; default a temporary one).
 */
public final class EmbeddedSweepEngineFactory implements SweepEngineFactory {

  @Override
  public String name() {
    return EmbeddedSweepEngine.NAME;
  }

  @Override
  public SweepEngine engine(Map<String, String> options) {
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "1"));
    String pki = options.get("pki");
    return pki == null
        ? new EmbeddedSweepEngine(jobs)
        : new EmbeddedSweepEngine(jobs, Path.of(pki));
  }
}
