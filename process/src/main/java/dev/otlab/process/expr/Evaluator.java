package dev.otlab.process.expr;

/**
 * A compiled expression: reads its variables from fixed slots of an array of SI values. Built once
 * per model instance; evaluated on every right-hand-side call, with no name lookup.
 */
@FunctionalInterface
public interface Evaluator {

  double evaluate(double[] slots);
}
