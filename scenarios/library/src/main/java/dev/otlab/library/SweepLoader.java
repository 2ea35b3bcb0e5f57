package dev.otlab.library;

/**
 * Loads sweep files ({@code scenarios/library/sweeps/NAME.yaml} or a path). Every architecture,
 * suite, detection profile and playbook a sweep names is loaded too, and every playbook must fit
 * the plant of every architecture, so a sweep that loads can play: every problem is reported with
 * its path in the file and a fix, all at once.
 */
public final class SweepLoader {

  private SweepLoader() {}

  /** Loads a library sweep by name, or a sweep file by path. */
  public static SweepSpec load(String nameOrPath) {
    Library.Source src = Library.read("sweeps", nameOrPath);
    return parse(src.name(), src.text());
  }

  /** Parses and checks a sweep; {@code name} says where it came from in problems. */
  public static SweepSpec parse(String name, String yaml) {
    throw new UnsupportedOperationException("SweepLoader.parse: next commit");
  }
}
