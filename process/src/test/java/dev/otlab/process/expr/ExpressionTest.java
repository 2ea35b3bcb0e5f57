package dev.otlab.process.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpressionTest {

  private static final Dimension FLOW = Dimension.LENGTH.pow(3).over(Dimension.TIME);

  /** x, y dimensionless in slots 0 and 1; h a length in slot 2; q a flow in slot 3; k constant. */
  private static final Scope SCOPE =
      name ->
          Optional.ofNullable(
              Map.of(
                      "x", Scope.Variable.slot(0, Dimension.NONE),
                      "y", Scope.Variable.slot(1, Dimension.NONE),
                      "h", Scope.Variable.slot(2, Dimension.LENGTH),
                      "q", Scope.Variable.slot(3, FLOW),
                      "area", Scope.Variable.constant(2.0, Dimension.LENGTH.pow(2)),
                      "g",
                          Scope.Variable.constant(
                              9.81, Dimension.LENGTH.over(Dimension.TIME.pow(2))))
                  .get(name));

  private static double eval(String source, double... slots) {
    return Expression.parse(source, "the test")
        .compile(SCOPE, "the test")
        .evaluator()
        .evaluate(slots);
  }

  private static Dimension dim(String source) {
    return Expression.parse(source, "the test").compile(SCOPE, "the test").dimension();
  }

  private static OtlabException error(String source) {
    try {
      Expression.parse(source, "the test").compile(SCOPE, "the test");
    } catch (OtlabException e) {
      return e;
    }
    throw new AssertionError("no error for " + source);
  }

  @Test
  void arithmeticFollowsTheUsualPrecedence() {
    assertThat(eval("1 + 2 * 3 ^ 2", 0, 0, 0, 0)).isEqualTo(19);
    assertThat(eval("-x ^ 2", 3, 0, 0, 0)).isEqualTo(-9);
    assertThat(eval("2 ^ 3 ^ 2", 0, 0, 0, 0)).isEqualTo(512);
    assertThat(eval("(1 + 2) * 3 - 4 / 8", 0, 0, 0, 0)).isEqualTo(8.5);
    assertThat(eval("x - y - 1", 5, 2, 0, 0)).isEqualTo(2);
    assertThat(eval("1.5e-3 * 2E3", 0, 0, 0, 0)).isEqualTo(3, within(1e-12));
    assertThat(eval("x ^ y", 2, 10, 0, 0)).isEqualTo(1024);
  }

  @Test
  void comparisonsLogicAndFunctionsGiveNumbers() {
    assertThat(eval("x < y", 1, 2, 0, 0)).isEqualTo(1);
    assertThat(eval("x >= y", 1, 2, 0, 0)).isZero();
    assertThat(eval("x == 1 && y != 1", 1, 2, 0, 0)).isEqualTo(1);
    assertThat(eval("x > 5 || !y", 1, 0, 0, 0)).isEqualTo(1);
    assertThat(eval("if(x > 0, 10, 20)", -1, 0, 0, 0)).isEqualTo(20);
    assertThat(eval("min(x, y, 3)", 5, 4, 0, 0)).isEqualTo(3);
    assertThat(eval("max(x, y)", 5, 4, 0, 0)).isEqualTo(5);
    assertThat(eval("clamp(x, 0, 1)", 1.7, 0, 0, 0)).isEqualTo(1);
    assertThat(eval("clamp(x, 0, 1)", -1, 0, 0, 0)).isZero();
    assertThat(eval("pos(x) + abs(y)", -3, -2, 0, 0)).isEqualTo(2);
    assertThat(eval("sqrt(x) + exp(0) + ln(1) + log10(100)", 16, 0, 0, 0)).isEqualTo(7);
    assertThat(eval("sin(0) + cos(0) + tanh(0)", 0, 0, 0, 0)).isEqualTo(1);
  }

  @Test
  void parametersFoldAndUnitsOfNumbersConvertToSi() {
    // sqrt(2 g h) is a velocity; times an area a flow: Torricelli's law.
    assertThat(dim("area * sqrt(2 * g * h)")).isEqualTo(FLOW);
    assertThat(eval("area * sqrt(2 * g * h)", 0, 0, 1.0, 0))
        .isCloseTo(2 * Math.sqrt(2 * 9.81), within(1e-12));
    assertThat(eval("2[m^3/h]", 0, 0, 0, 0)).isCloseTo(2 / 3600.0, within(1e-15));
    assertThat(dim("q - 2[m^3/h]")).isEqualTo(FLOW);
    assertThat(dim("h + 10[mm]")).isEqualTo(Dimension.LENGTH);
    assertThat(eval("h + 10[mm]", 0, 0, 1, 0)).isCloseTo(1.01, within(1e-12));
    // A half power is a dimension of its own and squares back.
    assertThat(dim("sqrt(h) * sqrt(h)")).isEqualTo(Dimension.LENGTH);
    assertThat(dim("h ^ 2 / area")).isEqualTo(Dimension.NONE);
    // A bare 0 takes its partner's dimension.
    assertThat(dim("max(q, 0)")).isEqualTo(FLOW);
    assertThat(dim("if(h > 0, q, 0)")).isEqualTo(FLOW);
    Expression e = Expression.parse("q / area + h / 1[s]", "the test");
    assertThat(e.variables()).containsExactly("q", "area", "h");
    assertThat(e.compile(SCOPE, "the test").constant()).isFalse();
    assertThat(Expression.parse("area * 2", "x").compile(SCOPE, "x").constantValue()).isEqualTo(4);
  }

  @Test
  void syntaxErrorsNameTheColumnAndTheFix() {
    OtlabException e = error("h + * 2");
    assertThat(e.code()).isEqualTo("EXPRESSION_INVALID");
    assertThat(e.getMessage()).contains("the test", "column 5", "'h + * 2'", "'*' cannot start");
    assertThat(e.remedy()).contains("number");

    assertThat(error("(h + 1").getMessage()).contains("column 7", "')' is expected");
    assertThat(error("h 2").getMessage()).contains("column 3", "unexpected '2'");
    assertThat(error("x < y < 1").remedy()).contains("&&");
    assertThat(error("1 +").getMessage()).contains("ends where a value is expected");

    OtlabException unknown = error("sqr(h)");
    assertThat(unknown.getMessage()).contains("unknown function 'sqr'", "column 1");
    assertThat(unknown.remedy()).contains("sqrt", "clamp", "pos");
    assertThat(error("clamp(x, 1)").remedy()).contains("exactly 3");
    OtlabException name = error("q / areaa");
    assertThat(name.getMessage()).contains("'areaa'", "column 5");
    assertThat(name.remedy()).contains("Declare 'areaa'");
    assertThatThrownBy(() -> Expression.parse(" ", "the test")).hasMessageContaining("empty");
  }

  @Test
  void dimensionMismatchesNameBothDimensionsAndTheFix() {
    OtlabException sum = error("q + h");
    assertThat(sum.code()).isEqualTo("UNIT_MISMATCH");
    assertThat(sum.getMessage()).contains("the test", "'+' in 'q + h'", "m^3/s", " m.");
    assertThat(sum.remedy()).contains("same quantity");
    assertThat(error("h > 1").getMessage()).contains("'>'", "m and 1 (dimensionless)");
    assertThat(error("min(h, q)").getMessage()).contains("m and m^3/s");
    assertThat(error("if(x, h, q)").code()).isEqualTo("UNIT_MISMATCH");
    assertThat(error("exp(h)").getMessage()).contains("'exp' needs a dimensionless argument");
    assertThat(error("ln(q)").remedy()).contains("reference quantity");
    assertThat(error("sqrt(sqrt(h))").getMessage()).contains("square root of m^0.5");
    assertThat(error("h ^ x").getMessage()).contains("variable power");
    assertThat(error("x ^ h").getMessage()).contains("exponent");
    assertThat(error("h ^ 0.25").code()).isEqualTo("UNIT_MISMATCH");
  }
}
