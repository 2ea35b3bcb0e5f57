package dev.otlab.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The asset version and the index rewrite, without a server. */
class AssetsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theVersionFollowsEveryFilesContentAndName() {
    String v = Assets.hash(Map.of("js/app.js", b("a"), "css/app.css", b("b")));
    assertThat(v).hasSize(16).matches("[0-9a-f]+");
    assertThat(Assets.hash(Map.of("css/app.css", b("b"), "js/app.js", b("a")))).isEqualTo(v);
    assertThat(Assets.hash(Map.of("js/app.js", b("a"), "css/app.css", b("c")))).isNotEqualTo(v);
    assertThat(Assets.hash(Map.of("js/api.js", b("a"), "css/app.css", b("b")))).isNotEqualTo(v);
  }

  @Test
  void theIndexLinksItsScriptsAndStylesUnderTheVersion() {
    String html =
        "<link rel=\"stylesheet\" href=\"/webjars/uplot/1.6.30/dist/uPlot.min.css\">"
            + "<link rel=\"stylesheet\" href=\"/css/app.css\">"
            + "<script type=\"module\" src=\"/js/app.js\"></script>"
            + "<a href=\"/q/openapi\">";
    String out = new String(Assets.rewrite(html, "0123456789abcdef"), StandardCharsets.UTF_8);
    assertThat(out)
        .contains("href=\"/v/0123456789abcdef/css/app.css\"")
        .contains("src=\"/v/0123456789abcdef/js/app.js\"")
        .contains("href=\"/webjars/uplot/1.6.30/dist/uPlot.min.css\"")
        .contains("href=\"/q/openapi\"");
  }
}
