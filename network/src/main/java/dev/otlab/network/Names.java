package dev.otlab.network;

import java.util.Locale;

/** Spelling of enum constants in YAML files: lower case with hyphens ({@code sign-and-encrypt}). */
public final class Names {
  private Names() {}

  public static String yaml(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
