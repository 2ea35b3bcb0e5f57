package dev.otlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated browser test needs Debian's Chromium at {@link #EXECUTABLE}, which Playwright
 * drives instead of downloading a browser of its own.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@RequiresTool(value = RequiresChromium.EXECUTABLE, hint = "apt-get install -y chromium")
public @interface RequiresChromium {

  /** Where Debian's package puts the browser. */
  String EXECUTABLE = "/usr/bin/chromium";
}
