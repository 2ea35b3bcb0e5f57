package dev.otlab.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test or class needs a Docker engine that Testcontainers reaches, and with {@link
 * #compose()} Debian's {@code docker-compose} too. Without them it is skipped with the install
 * hint, or fails under {@code CI=true} (see {@link Requirements}). With {@link #swarm()} the engine
 * must be an active swarm node too. The module using it must have Testcontainers on its test class
 * path (the test kit declares it optional).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(DockerCondition.class)
public @interface RequiresDocker {

  /**
   * Whether the {@code docker-compose} command is needed too. Only that command counts, not the
   * {@code docker compose} plugin: the tests run {@code docker-compose}.
   */
  boolean compose() default false;

  /**
   * Whether the engine must be an active node of a swarm (a manager, to deploy stacks): {@code
   * .ci/run} makes a one-node swarm with {@code docker swarm init}.
   */
  boolean swarm() default false;
}
