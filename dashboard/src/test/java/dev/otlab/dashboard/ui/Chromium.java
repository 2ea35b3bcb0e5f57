package dev.otlab.dashboard.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.otlab.testkit.RequiresChromium;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright without a browser download: the browser every
 * UI test uses. A test that launches it says so with the test kit's {@link RequiresChromium}.
 */
public final class Chromium {

  /** Where Debian's package puts it. */
  public static final Path EXECUTABLE = Paths.get(RequiresChromium.EXECUTABLE);

  private Chromium() {}

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
