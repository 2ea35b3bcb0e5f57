package dev.otlab.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule of the policy, and that sound passwords pass. */
class PasswordPolicyTest {

  @Test
  void soundPasswordsPass() {
    assertThat(PasswordPolicy.problems("ada", "violet-harbour-kettle")).isEmpty();
    assertThat(PasswordPolicy.problems("admin", "test-first-passphrase")).isEmpty();
    assertThat(PasswordPolicy.problems("admin", Passwords.generate())).isEmpty();
  }

  @Test
  void theMinimumAndMaximumLengthHold() {
    assertThat(PasswordPolicy.problems("ada", "Tr0ub4dor"))
        .containsExactly("is shorter than 10 characters");
    assertThat(PasswordPolicy.problems("ada", "Tr0ub4dor&")).isEmpty();
    assertThat(PasswordPolicy.problems("ada", "x1y2z3w4v5".repeat(26)))
        .containsExactly("is longer than 256 characters");
  }

  @Test
  void theUserNameMayNeitherBeNorBeInThePasswordWhateverTheCase() {
    assertThat(PasswordPolicy.problems("margaretha", "MARGARETHA"))
        .containsExactly("is the user name");
    assertThat(PasswordPolicy.problems("ada", "my-name-is-ADA!"))
        .containsExactly("contains the user name");
    // Too short a name to look for inside: "jo" may appear in a passphrase by chance.
    assertThat(PasswordPolicy.problems("jo", "enjoy-the-ride")).isEmpty();
  }

  @Test
  void tenSpacesAndOtherRepeatsAreRefused() {
    assertThat(PasswordPolicy.problems("ada", "          "))
        .containsExactly("has one character repeated (at least 5 are needed)");
    assertThat(PasswordPolicy.problems("ada", "abababababab"))
        .containsExactly("has only 2 different characters (at least 5 are needed)");
    assertThat(PasswordPolicy.problems("ada", "abcdabcdabcd"))
        .containsExactly("has only 4 different characters (at least 5 are needed)");
  }

  @Test
  void runsOfConsecutiveCharactersAreRefused() {
    assertThat(PasswordPolicy.problems("ada", "bcdefghijklm"))
        .containsExactly("is a run of consecutive characters");
    assertThat(PasswordPolicy.problems("ada", "9876543210"))
        .contains("is a run of consecutive characters");
    assertThat(PasswordPolicy.problems("ada", "13579-24680")).isEmpty();
  }

  @Test
  void commonPasswordsAndCommonOnesWithDigitsOrSymbolsAppendedAreRefused() {
    assertThat(PasswordPolicy.common("qwertyuiop")).isTrue();
    assertThat(PasswordPolicy.problems("ada", "QwertyUiop"))
        .containsExactly("is one of the most common passwords");
    assertThat(PasswordPolicy.problems("ada", "password123"))
        .containsExactly("is one of the most common passwords");
    assertThat(PasswordPolicy.problems("ada", "Password2024!"))
        .containsExactly("is a common password with digits or symbols appended");
    assertThat(PasswordPolicy.problems("ada", "sunshine!!42"))
        .containsExactly("is a common password with digits or symbols appended");
    // A common word inside a longer passphrase is fine.
    assertThat(PasswordPolicy.problems("ada", "sunshine-over-the-river")).isEmpty();
  }

  @Test
  void theListHasAFewHundredEntries() throws Exception {
    try (var in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
      assertThat(in).isNotNull();
      long n =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .count();
      assertThat(n).isBetween(300L, 2000L);
    }
  }

  @Test
  void theMessageListsEveryProblem() {
    List<String> problems = PasswordPolicy.problems("admin", "admin");
    assertThat(PasswordPolicy.describe(problems))
        .isEqualTo(
            "The password is refused: it is shorter than 10 characters; it is the user name; it is"
                + " one of the most common passwords.");
  }
}
