package dev.otlab.scoring.arch;

import java.util.List;

/**
 * One result of a static check.
 *
 * @param id stable check id, e.g. {@code write-into-control}
 * @param severity how bad
 * @param message what is wrong
 * @param elements offending elements, e.g. {@code conduit:ops-control}, {@code
 *     rule:ops-control/r1}, {@code host:plc-1}, {@code zone:control}
 * @param fix how to fix it
 */
public record Finding(
    String id, Severity severity, String message, List<String> elements, String fix) {
  public Finding {
    elements = List.copyOf(elements);
  }
}
