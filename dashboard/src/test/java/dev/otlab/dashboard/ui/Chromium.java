package dev.otlab.dashboard.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven by Playwright without a browser download: the browser every
 * UI test uses.
 */
public final class Chromium {

  /** Where Debian's package puts it. */
  public static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

  private Chromium() {}

  /** Skips without the browser, or fails under CI=true (.ci/run installs it). */
  public static void require() {
    if (!Files.isExecutable(EXECUTABLE)) {
      String why =
          EXECUTABLE
              + " is missing: install Debian's chromium (apt-get install -y chromium) to run the"
              + " browser tests.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + " CI=true, so a missing browser is a failure, not a skip.");
      }
      Assumptions.abort(why);
    }
  }

  /** Playwright without its own browsers. */
  public static Playwright playwright() {
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  /** The browser, headless, with nothing of its own talking to the network. */
  public static Browser launch(Playwright playwright) {
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setArgs(
                    List.of(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-quic",
                        "--no-first-run")));
  }
}
