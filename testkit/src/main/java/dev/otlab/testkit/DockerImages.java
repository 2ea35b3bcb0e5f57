package dev.otlab.testkit;

import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The base image the otlab images are built on in tests, shared by the container tests of the
 * command line and of the dashboard. Needs Testcontainers on the test class path, as {@link
 * RequiresDocker} does.
 */
public final class DockerImages {

  /** The base {@code .ci/run} builds without network access; used when it exists locally. */
  public static final String OFFLINE_BASE = "otlab/base-jre:17";

  /** The environment variable naming a base image, which wins over the offline base. */
  public static final String BASE_VARIABLE = "OTLAB_BASE_IMAGE";

  private DockerImages() {}

  /** Whether the Docker engine has an image called {@code name}. */
  public static boolean exists(String name) {
    try {
      DockerClientFactory.instance().client().inspectImageCmd(name).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The base to build on: {@value #BASE_VARIABLE}, else the offline base when it exists locally;
   * empty leaves the Dockerfile's default.
   */
  public static Optional<String> base() {
    String named = System.getenv(BASE_VARIABLE);
    if (named != null) {
      return Optional.of(named);
    }
    return exists(OFFLINE_BASE) ? Optional.of(OFFLINE_BASE) : Optional.empty();
  }
}
