/**
 * Browser tests of the web UI: a real headless Chromium (Debian's, driven by Playwright without a
 * browser download) against the service started by {@code @QuarkusTest}.
 */
@NullMarked
package dev.otlab.dashboard.ui;

import org.jspecify.annotations.NullMarked;
