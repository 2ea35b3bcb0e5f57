package dev.otlab.testkit;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs, skips or fails what {@link RequiresTool} annotates, as {@link Requirements} decides. */
public final class ToolCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    // Only the element's own annotations: a class's are decided once, for the class.
    List<MissingRequirement> missing =
        context
            .getElement()
            .map(e -> AnnotationSupport.findRepeatableAnnotations(e, RequiresTool.class))
            .orElse(List.of())
            .stream()
            .map(Tool::of)
            .map(t -> t.check(System.getenv("PATH")))
            .flatMap(Optional::stream)
            .toList();
    return Requirements.decide(missing, System.getenv());
  }
}
