package dev.otlab.process.knowledge;

import dev.otlab.core.OtlabException;
import dev.otlab.process.MimicLayout;
import dev.otlab.process.ProductionMeasure;
import dev.otlab.process.expr.Dimension;
import dev.otlab.process.expr.Expression;
import dev.otlab.process.expr.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The knowledge sections of a plant file, each null when the file leaves it out (then the plant's
 * Java model kind describes it, if it has one). {@code balances: []} declares that the plant has
 * none, which is not the same as leaving the section out.
 *
 * @param production the {@code production:} section
 * @param balances the {@code balances:} section
 * @param mimic the {@code mimic:} section
 */
public record DeclaredKnowledge(
    @Nullable ProductionMeasure production,
    @Nullable List<DeclaredBalance> balances,
    @Nullable MimicLayout mimic) {

  /** A plant file with none of the sections. */
  public static final DeclaredKnowledge NONE = new DeclaredKnowledge(null, null, null);

  public DeclaredKnowledge {
    balances = balances == null ? null : List.copyOf(balances);
  }

  /**
   * The value of a number a knowledge section may write as an expression over the process
   * parameters (a tank's full level {@code raw_height}, a balance's bound {@code suction_level +
   * 0.1}, a production scale {@code feed_concentration}). Unlike a balance's rate it computes with
   * the parameters as the plant declares them, in their own units, since its result is compared
   * with a tag's value in the tag's unit.
   *
   * @param parameters resolved parameter values by name
   * @param where what the number is, for messages
   * @throws dev.otlab.core.OtlabException {@code EXPRESSION_INVALID} for a syntax error or a name
   *     that is not a parameter
   */
  public static double parameterExpression(
      String source, Map<String, Double> parameters, String where) {
    Expression e = Expression.parse(source, where);
    for (String v : e.variables()) {
      if (!parameters.containsKey(v)) {
        throw new OtlabException(
            "EXPRESSION_INVALID",
            "The expression of " + where + " names '" + v + "', which is no process parameter.",
            "Use a number or the parameters " + new TreeSet<>(parameters.keySet()) + ".");
      }
    }
    Scope scope =
        n ->
            Optional.ofNullable(parameters.get(n))
                .map(v -> Scope.Variable.constant(v, Dimension.NONE));
    return e.compile(scope, where).evaluator().evaluate(new double[0]);
  }
}
