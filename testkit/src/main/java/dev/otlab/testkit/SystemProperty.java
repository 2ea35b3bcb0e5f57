package dev.otlab.testkit;

import org.jspecify.annotations.Nullable;

/**
 * Runs a piece of a test with a system property set, and puts back what was there before (or
 * nothing), however the piece ends: tests that switch a lab-wide setting (in-process loopback on or
 * off, say) must not leak it into the tests that run after them in the same JVM.
 */
public final class SystemProperty {

  /** What runs with the property set. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws Exception;
  }

  private SystemProperty() {}

  /** Runs {@code body} with {@code name} set to {@code value}, then restores it. */
  public static <T> T with(String name, String value, Body<T> body) throws Exception {
    @Nullable String before = System.getProperty(name);
    System.setProperty(name, value);
    try {
      return body.run();
    } finally {
      if (before == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, before);
      }
    }
  }
}
