package dev.otlab.library;

/**
 * One thing wrong with a file.
 *
 * @param path where, e.g. {@code controllers[2].points[0].table}
 * @param message what is wrong
 * @param fix how to fix it
 */
public record Problem(String path, String message, String fix) {

  @Override
  public String toString() {
    return (path.isEmpty() ? "" : path + ": ") + message + " " + fix;
  }
}
