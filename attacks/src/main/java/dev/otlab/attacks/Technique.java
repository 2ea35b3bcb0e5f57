package dev.otlab.attacks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ATT&amp;CK for ICS technique, found with {@link java.util.ServiceLoader}. Implementations are
 * stateless: one instance may run many steps. {@link #execute} runs synchronously on the caller's
 * thread (the lab clock's), and is bounded by the context's I/O timeout and its own counts.
 */
public interface Technique {

  /** ATT&amp;CK id, e.g. {@code T0855}; the catalogue has its name and tactics. */
  String id();

  Set<String> requiredParameters();

  Set<String> optionalParameters();

  /**
   * Every problem {@code params} has that no architecture can cure: unknown or missing names,
   * values outside a technique's choices or ranges, tags the targeted controller lacks, a target of
   * the wrong kind. A scenario loader calls this for every step, so an authoring mistake is a load
   * error rather than a step that fails at run time (and would be scored as a defence). A technique
   * brings its own checks; the default checks only the parameter names.
   *
   * @param params parameter values as the scenario file spells them ({@code target} is {@code
   *     plc:ID}, {@code role:ROLE} or {@code all})
   */
  default List<ParameterProblem> check(Map<String, String> params, StepScope scope) {
    return Techniques.nameProblems(this, params);
  }

  /**
   * Runs one step from {@code ctx.currentHost()}.
   *
   * @param params parameter values as the scenario file spells them
   * @throws dev.otlab.core.OtlabException {@code ATTACK_TARGET_OUTSIDE_LAB} when a parameter or an
   *     address is outside the lab; nothing has been sent then
   */
  StepOutcome execute(AttackContext ctx, Map<String, String> params);
}
