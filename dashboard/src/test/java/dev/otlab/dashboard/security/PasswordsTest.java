package dev.otlab.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otlab.core.OtlabException;
import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    // Few iterations: the format and the check are under test here, not the cost.
    String h = Passwords.hash("correct horse battery", 1000);
    assertThat(h).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct horse");
    assertThat(Passwords.verify("correct horse battery", h)).isTrue();
    assertThat(Passwords.verify("correct horse batterY", h)).isFalse();
    assertThat(Passwords.verify("", h)).isFalse();
  }

  @Test
  void theSamePasswordHashesDifferentlyEachTime() {
    assertThat(Passwords.hash("same", 1000)).isNotEqualTo(Passwords.hash("same", 1000));
  }

  @Test
  void malformedStoredHashesNeverVerify() {
    assertThat(Passwords.verify("x", "")).isFalse();
    assertThat(Passwords.verify("x", "plain-text-password")).isFalse();
    assertThat(Passwords.verify("x", "pbkdf2-sha256$abc$AAAA$AAAA")).isFalse();
    assertThat(Passwords.verify("x", "md5$1$AAAA$AAAA")).isFalse();
    assertThat(Passwords.verify("x", "pbkdf2-sha256$1000$!!!$AAAA")).isFalse();
  }

  @Test
  void theDefaultCostIsTheDocumentedOne() {
    assertThat(Passwords.hash("x")).startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$");
  }

  @Test
  void generatedPasswordsAreLongAndDiffer() {
    String a = Passwords.generate();
    assertThat(a).hasSize(20).matches("[A-Za-z2-9]+");
    assertThat(Passwords.generate()).isNotEqualTo(a);
  }

  @Test
  void rolesIncludeTheWeakerOnes() {
    assertThat(Roles.granted("viewer")).containsExactly("viewer");
    assertThat(Roles.granted("operator")).containsExactly("viewer", "operator");
    assertThat(Roles.granted("admin")).containsExactly("viewer", "operator", "admin");
    assertThatThrownBy(() -> Roles.granted("root"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("root");
  }
}
