package dev.otlab.core;

import java.util.List;

/**
 * The error codes one module throws. Each module implements this once and registers it in {@code
 * META-INF/services/dev.otlab.core.ErrorCatalogue}; {@link ErrorCodes} loads them all. A code
 * thrown by several modules is declared once, by the lowest of them: the others see it.
 */
public interface ErrorCatalogue {

  /** The module's folder (as in the build), for the docs: {@code simulator}, {@code dashboard}. */
  String module();

  /** Every code the module throws. */
  List<ErrorCode> codes();
}
