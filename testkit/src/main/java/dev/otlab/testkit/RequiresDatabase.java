package dev.otlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test or class needs a database server that accepts a JDBC login with {@link
 * #url()}, {@link #user()} and {@link #password()}. Without it the test is skipped with {@link
 * #hint()}, or fails under {@code CI=true} (see {@link Requirements}). The JDBC driver comes from
 * the test's class path.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(DatabaseCondition.class)
public @interface RequiresDatabase {

  /** The server's name in the report, e.g. {@code PostgreSQL}. */
  String name();

  /** A JDBC URL of a database the user may log in to. */
  String url();

  String user();

  String password();

  /** The exact steps that start the server and create the user. */
  String hint();
}
