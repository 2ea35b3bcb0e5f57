/**
 * The expression language of declared process models, with units checked when a model loads.
 *
 * <p>{@link dev.otlab.process.expr.Expression} parses a plant equation once; compiling it against a
 * {@link dev.otlab.process.expr.Scope} infers its {@link dev.otlab.process.expr.Dimension} from the
 * declared {@link dev.otlab.process.expr.Unit}s of its variables and builds an {@link
 * dev.otlab.process.expr.Evaluator}: a tree of small closures that read SI values from fixed slots
 * of a double array, with parameters folded in as constants. Evaluation does no name lookup and
 * allocates nothing.
 *
 * <p>Why our own and not a library. exp4j evaluates against a map of variable names, has no
 * comparisons or {@code if} without custom operators, and keeps its syntax tree to itself, so
 * dimensions could not be inferred from it; Janino compiles Java source, so an equation would have
 * to be translated to Java first, its errors would point into generated code rather than at the
 * column the plant author wrote, and the unit check would still need a parser of its own. Neither
 * is on the build's class path today. The grammar is small (a recursive-descent parser of a few
 * hundred lines), the unit inference walks the same tree that is compiled, and a whole simulation
 * with closures runs at 0.6 to 0.8 of the speed of the hand-written Java models, since the
 * integrator's own work dominates (DeclaredModelSpeedBenchmark in the tests measures it). Should
 * that ever matter, the same tree can be compiled to bytecode behind {@link
 * dev.otlab.process.expr.Evaluator} without changing a plant file.
 */
@NullMarked
package dev.otlab.process.expr;

import org.jspecify.annotations.NullMarked;
