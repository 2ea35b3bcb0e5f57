package dev.otlab.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCodesTest {

  private record Catalogue(String module, List<ErrorCode> codes) implements ErrorCatalogue {}

  private static final class Other implements ErrorCatalogue {
    @Override
    public String module() {
      return "other";
    }

    @Override
    public List<ErrorCode> codes() {
      return List.of(ErrorCode.of("PORT_TAKEN", ErrorCategory.UNAVAILABLE, "Taken."));
    }
  }

  @Test
  void aCodeDeclaredTwiceIsRefusedNamingBothCatalogues() {
    ErrorCatalogue first =
        new Catalogue(
            "first", List.of(ErrorCode.of("PORT_TAKEN", ErrorCategory.VALIDATION, "Taken.")));
    assertThatThrownBy(() -> ErrorCodes.of(List.of(first, new Other())))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("PORT_TAKEN")
        .hasMessageContaining(Catalogue.class.getName())
        .hasMessageContaining(Other.class.getName())
        .extracting(e -> ((OtlabException) e).code())
        .isEqualTo("ERROR_CODE_DUPLICATE");
  }

  @Test
  void oneCatalogueDeclaringACodeTwiceIsRefusedToo() {
    ErrorCatalogue twice =
        new Catalogue(
            "twice",
            List.of(
                ErrorCode.of("A_B", ErrorCategory.VALIDATION, "One."),
                ErrorCode.of("A_B", ErrorCategory.CONFLICT, "Two.")));
    assertThatThrownBy(() -> ErrorCodes.of(List.of(twice)))
        .hasMessageContaining("A_B is declared by");
  }

  @Test
  void aDeclaredCodeHasItsCategoryAndAnUnknownOneIsInternal() {
    ErrorCodes codes = ErrorCodes.of(List.of(new Other()));
    assertThat(codes.category("PORT_TAKEN")).isEqualTo(ErrorCategory.UNAVAILABLE);
    assertThat(codes.category("NEVER_DECLARED")).isEqualTo(ErrorCategory.INTERNAL);
    assertThat(codes.isDeclared("NEVER_DECLARED")).isFalse();
    assertThat(codes.all()).extracting(ErrorCodes.Entry::module).containsExactly("other");
  }

  @Test
  void aCodeMustBeUpperSnakeWithAOneLineMeaning() {
    for (String bad : List.of("plant_invalid", "PLANT__INVALID", "_PLANT", "PLANT-INVALID", "")) {
      assertThatThrownBy(() -> ErrorCode.of(bad, ErrorCategory.VALIDATION, "Meaning."))
          .as(bad)
          .isInstanceOf(OtlabException.class);
    }
    assertThatThrownBy(() -> ErrorCode.of("A_B", ErrorCategory.VALIDATION, " "))
        .isInstanceOf(OtlabException.class);
    assertThatThrownBy(() -> ErrorCode.of("A_B", ErrorCategory.VALIDATION, "a | b"))
        .isInstanceOf(OtlabException.class);
    assertThat(ErrorCode.of("PLANT_INVALID", ErrorCategory.VALIDATION, "M.").code())
        .isEqualTo("PLANT_INVALID");
  }

  @Test
  void anExceptionTakesItsCategoryFromTheLoadedCatalogues() {
    // On this module's class path: its own catalogue, and a test catalogue (src/test/resources).
    assertThat(new OtlabException("TEST_PEER_UNAVAILABLE", "m", "r").category())
        .isEqualTo(ErrorCategory.UNAVAILABLE);
    assertThat(new OtlabException("NOT_DECLARED_HERE", "m", "r").category())
        .isEqualTo(ErrorCategory.INTERNAL);
    assertThat(ErrorCodes.loaded().all())
        .extracting(ErrorCodes.Entry::module)
        .containsOnly("core", "core-test");
  }

  @Test
  void everyCategoryHasItsStatus() {
    assertThat(ErrorCategory.values())
        .extracting(ErrorCategory::httpStatus)
        .containsExactly(400, 401, 403, 404, 409, 413, 415, 429, 503, 500);
  }
}
