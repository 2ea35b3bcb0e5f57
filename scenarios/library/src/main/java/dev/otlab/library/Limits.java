package dev.otlab.library;

/**
 * What a library file may be, checked before and while it is parsed, so a hostile or broken file
 * (an upload to the dashboard, a path given to the CLI) is refused for its size or shape with a
 * message that names the limit, instead of costing memory, time or a stack overflow. The shipped
 * files are far inside every limit: the largest is about 12 KB, none nests deeper than about ten
 * levels, and none uses an alias.
 */
public final class Limits {

  /** The largest file read, in bytes (1 MiB); a text given to a loader, in characters. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** The deepest nesting of mappings and lists. */
  public static final int MAX_DEPTH = 64;

  /**
   * The most alias references ({@code *name}) in one file. The loaders do not expand aliases (the
   * YAML reader hands an alias over as its anchor's name), so this guards against a file built to
   * make any later expansion explode, such as a billion-laughs document.
   */
  public static final int MAX_ALIASES = 50;

  private Limits() {}
}
