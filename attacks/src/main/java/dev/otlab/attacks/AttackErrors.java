package dev.otlab.attacks;

import dev.otlab.core.ErrorCatalogue;
import dev.otlab.core.ErrorCategory;
import dev.otlab.core.ErrorCode;
import java.util.List;

/** The error codes the attacks module throws, each with its category and meaning. */
public final class AttackErrors implements ErrorCatalogue {

  @Override
  public String module() {
    return "attacks";
  }

  @Override
  public List<ErrorCode> codes() {
    return List.of(
        ErrorCode.of(
            "AITM_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "The step needs an adversary-in-the-middle, which this attack context cannot place."),
        ErrorCode.of(
            "CREDENTIALS_UNSUPPORTED",
            ErrorCategory.VALIDATION,
            "The step takes or uses stolen credentials, which this attack context does not keep."),
        ErrorCode.of(
            "ATTACK_CATALOGUE_INVALID",
            ErrorCategory.INTERNAL,
            "The technique catalogue bundled with otlab is missing or malformed; broken packaging."),
        ErrorCode.of(
            "ATTACK_TARGET_OUTSIDE_LAB",
            ErrorCategory.FORBIDDEN,
            "The range guardrail refused a target outside the lab: attacks may only reach lab hosts."),
        ErrorCode.of(
            "ATTACK_TECHNIQUE_DUPLICATE",
            ErrorCategory.INTERNAL,
            "Two technique implementations claim the same ATT&CK id; broken packaging."));
  }
}
