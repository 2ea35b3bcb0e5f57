package dev.otlab.core;

import java.util.List;

/**
 * A catalogue only this module's tests load, so a declared category can be told from the default.
 */
public final class TestErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "core-test";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "TEST_PEER_UNAVAILABLE", ErrorCategory.UNAVAILABLE, "A peer a test expects is down."));
  }
}
