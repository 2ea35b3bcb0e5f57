package dev.otlab.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.core.ErrorCategory;
import dev.otlab.core.OtlabException;
import dev.otlab.library.Problem;
import dev.otlab.library.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status of an error is its code's category; an internal error keeps its message inside. */
class ErrorMapperTest {

  @Test
  void aValidationCodeAnswers400WithItsMessageAndProblems() {
    ApiError e =
        ErrorMapper.error(
            new ValidationException(
                "SCENARIO_INVALID",
                "wt-recon",
                List.of(new Problem("steps[0]", "is missing.", "Add a step."))));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("SCENARIO_INVALID");
    assertThat(e.message()).contains("wt-recon");
    assertThat(e.problems()).extracting(ApiError.Problem::path).containsExactly("steps[0]");
  }

  @Test
  void aBindFailureIsUnavailable503NotABadRequest() {
    ApiError e =
        ErrorMapper.error(
            new OtlabException("MODBUS_BIND_FAILED", "Port 502 is taken.", "Pick a free port."));
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.message()).isEqualTo("Port 502 is taken.");
  }

  @Test
  void anApiExceptionAnswersItsCodesCategory() {
    assertThat(ErrorMapper.error(new ApiException("USER_EXISTS", "User 'a' exists.", "r")).status())
        .isEqualTo(409);
    assertThat(ErrorMapper.error(new ApiException("UPLOAD_TOO_LARGE", "Too big.", "r")).status())
        .isEqualTo(413);
    assertThat(ErrorMapper.error(ApiException.notFound("run", "x")).status()).isEqualTo(404);
    assertThat(
            ErrorMapper.error(new OtlabException("ATTACK_TARGET_OUTSIDE_LAB", "8.8.8.8", "r"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void anInternalErrorAnswers500WithItsCodeAndNoneOfItsMessage() {
    OtlabException db =
        new OtlabException(
            "DATABASE_ERROR",
            "Table \"JOBS\" not found; SQL statement: SELECT * FROM jobs",
            "Check the schema in /var/lib/otlab.");
    assertThat(db.category()).isEqualTo(ErrorCategory.INTERNAL);
    ApiError e = ErrorMapper.error(db);
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.code()).isEqualTo("DATABASE_ERROR");
    assertThat(e.message() + e.remedy()).doesNotContain("SQL", "JOBS", "/var/lib");
    assertThat(e.problems()).isNull();
  }

  @Test
  void anUndeclaredCodeIsInternalSoItsMessageStaysInside() {
    ApiError e =
        ErrorMapper.error(new OtlabException("NO_SUCH_CODE_ANYWHERE", "secret detail", "r"));
    assertThat(e.status()).isEqualTo(500);
    assertThat(e.message()).doesNotContain("secret");
  }

  @Test
  void theDatabaseBeingDownIsUnavailable() {
    assertThat(new OtlabException("DATABASE_UNAVAILABLE", "m", "r").category())
        .isEqualTo(ErrorCategory.UNAVAILABLE);
  }

  @Test
  void jsonOfTheWrongShapeIsExplainedWithoutJavaTypeNames() {
    com.fasterxml.jackson.databind.ObjectMapper m =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    for (String body : List.of("[1,2]", "\"x\"", "{\"a\":1} x", "{} {}", "{not json")) {
      com.fasterxml.jackson.core.JsonProcessingException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              com.fasterxml.jackson.core.JsonProcessingException.class,
              () -> m.readValue(body, java.util.Map.class));
      assertThat(e).as(body).isNotNull();
      assertThat(ErrorMapper.why(e)).as(body).doesNotContain("java.", "`", "LinkedHashMap");
    }
    assertThat(
            ErrorMapper.why(
                org.assertj.core.api.Assertions.catchThrowableOfType(
                    com.fasterxml.jackson.core.JsonProcessingException.class,
                    () -> m.readValue("[1,2]", java.util.Map.class))))
        .isEqualTo("it is a JSON array where a JSON object is expected.");
    assertThat(
            ErrorMapper.why(
                org.assertj.core.api.Assertions.catchThrowableOfType(
                    com.fasterxml.jackson.core.JsonProcessingException.class,
                    () -> m.readValue("{} {}", java.util.Map.class))))
        .contains("more after the JSON value");
  }

  @Test
  void aLimitParameterNamesItsRangeByEndpoint() {
    assertThat(ErrorMapper.rangeOf("limit", "/api/runs")).contains("1 to 1000");
    assertThat(ErrorMapper.rangeOf("limit", "/api/audit")).contains("1 to 10000");
  }
}
