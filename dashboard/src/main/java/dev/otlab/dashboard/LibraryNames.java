package dev.otlab.dashboard;

import java.util.regex.Pattern;

/**
 * What a library name may look like in a request. The loaders also accept file paths, which the CLI
 * needs and an API must never offer (a path would let a caller read any file of the server), so
 * names are letters, digits, '_' and '-' only: no dot, no slash.
 */
public final class LibraryNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private LibraryNames() {}

  public static boolean valid(String name) {
    return NAME.matcher(name).matches();
  }
}
