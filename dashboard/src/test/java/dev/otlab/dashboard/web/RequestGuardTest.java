package dev.otlab.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The origin comparison and the form-type rule, without a server. */
class RequestGuardTest {
  private static final URI SELF = URI.create("http://127.0.0.1:8080/api/users");

  @Test
  void theSameOriginAndNoHeadersPass() {
    assertThat(RequestGuard.crossOrigin(null, null, SELF)).isNull();
    assertThat(RequestGuard.crossOrigin("http://127.0.0.1:8080", "same-origin", SELF)).isNull();
    assertThat(RequestGuard.crossOrigin("HTTP://127.0.0.1:8080", null, SELF)).isNull();
    // A user typing the URL or following a bookmark.
    assertThat(RequestGuard.crossOrigin(null, "none", SELF)).isNull();
    // Default ports are the same origin written two ways.
    assertThat(
            RequestGuard.crossOrigin(
                "https://lab.example", null, URI.create("https://lab.example:443/api/runs")))
        .isNull();
  }

  @Test
  void anotherPortSchemeOrHostIsAnotherOrigin() {
    assertThat(RequestGuard.crossOrigin("http://127.0.0.1:9090", null, SELF))
        .contains("http://127.0.0.1:9090");
    assertThat(RequestGuard.crossOrigin("https://127.0.0.1:8080", null, SELF)).isNotNull();
    assertThat(RequestGuard.crossOrigin("http://localhost:8080", null, SELF)).isNotNull();
    assertThat(RequestGuard.crossOrigin("null", null, SELF)).isNotNull();
    assertThat(RequestGuard.crossOrigin("not a uri", null, SELF)).isNotNull();
  }

  @Test
  void sameSiteIsNotSameOrigin() {
    assertThat(RequestGuard.crossOrigin(null, "same-site", SELF)).contains("same-site");
    assertThat(RequestGuard.crossOrigin(null, "Cross-Site", SELF)).contains("cross-site");
    // A lying Origin does not outweigh the browser's own Sec-Fetch-Site.
    assertThat(RequestGuard.crossOrigin("http://127.0.0.1:8080", "cross-site", SELF)).isNotNull();
  }

  @Test
  void formTypesAreNeverAccepted() {
    assertThat(
            RequestGuard.accepted(
                new String[] {"text/plain", "application/yaml", "application/x-yaml", "text/yaml"}))
        .containsExactly("application/yaml", "application/x-yaml", "text/yaml");
    assertThat(RequestGuard.accepted(new String[] {"application/json, multipart/form-data"}))
        .containsExactly("application/json");
  }

  @Test
  void onlyChangingMethodsAreGuarded() {
    assertThat(RequestGuard.changesState("POST")).isTrue();
    assertThat(RequestGuard.changesState("DELETE")).isTrue();
    assertThat(RequestGuard.changesState("PATCH")).isTrue();
    assertThat(RequestGuard.changesState("PUT")).isTrue();
    assertThat(RequestGuard.changesState("GET")).isFalse();
    assertThat(RequestGuard.changesState("OPTIONS")).isFalse();
  }
}
