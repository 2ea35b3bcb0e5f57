package dev.otlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test or class needs an external tool. Without it the test is skipped with {@link
 * #hint()}, or fails under {@code CI=true} (see {@link Requirements}).
 *
 * <p>The tool is present when {@link #probe()} exits 0; without a probe, when {@link #value()} is
 * an executable file (an absolute path) or a command on {@code PATH}. A probe checks what a mere
 * file cannot: a Python module ({@code /usr/bin/python3 -c "import pymodbus"}) or an npm package.
 * It runs in the working directory of the test JVM, which is the module's folder under Maven.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(RequiresTools.class)
@ExtendWith(ToolCondition.class)
public @interface RequiresTool {

  /** The tool: a command looked up on PATH, an absolute path, or a name for the probed thing. */
  String value();

  /** The exact step that installs it, e.g. {@code apt-get install -y mbpoll}. */
  String hint();

  /** A command that exits 0 exactly when the tool is usable; empty: look for {@link #value()}. */
  String[] probe() default {};
}
