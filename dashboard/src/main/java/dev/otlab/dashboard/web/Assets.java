package dev.otlab.dashboard.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Serves the web UI so that browsers may cache its scripts and styles for good yet never run a
 * stale one: at start the service hashes every file under {@code META-INF/resources} into one
 * version, serves each file also under {@code /v/VERSION/...} as {@code immutable} for a year, and
 * serves {@code index.html} (revalidated on every load, {@code no-cache}) with its script and style
 * links pointing there. The modules' relative imports then resolve under the same version, so one
 * hash covers the whole tree; a new build has a new version and new URLs.
 */
@ApplicationScoped
public class Assets {
  private static final Logger LOG = Logger.getLogger(Assets.class);
  private static final String ROOT = "META-INF/resources/";
  private static final Pattern LINK = Pattern.compile("(href|src)=\"/(js|css)/");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "html", "text/html; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "json", "application/json");

  private final String version;
  private final byte[] index;

  Assets() {
    Map<String, byte[]> files = list();
    this.version = files.isEmpty() ? random() : hash(files);
    this.index = rewrite(new String(read("index.html"), StandardCharsets.UTF_8), version);
  }

  /** The version in the asset URLs: a content hash of the UI's files. */
  public String version() {
    return version;
  }

  void routes(@Observes Router router) {
    // Before Quarkus' own static handler, which would answer "/" with index.html as immutable.
    router.get("/").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::index);
    router.get("/index.html").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::index);
    router.get("/v/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::asset);
  }

  private void index(RoutingContext rc) {
    rc.response()
        .putHeader("Content-Type", TYPES.get("html"))
        .putHeader("Cache-Control", "no-cache")
        .end(Buffer.buffer(index));
  }

  private void asset(RoutingContext rc) {
    String path = rc.normalizedPath();
    String prefix = "/v/" + version + "/";
    String name = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    byte[] body = name.isEmpty() || name.contains("..") ? null : readOrNull(name);
    if (body == null) {
      // Another version (a page from before a redeploy) or no such file: the page must reload.
      rc.response().setStatusCode(404).putHeader("Cache-Control", "no-store").end();
      return;
    }
    String ext = name.substring(name.lastIndexOf('.') + 1);
    rc.response()
        .putHeader("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"))
        .putHeader("Cache-Control", "public, max-age=31536000, immutable")
        .end(Buffer.buffer(body));
  }

  /** index.html with its /js/ and /css/ links under /v/VERSION/. */
  static byte[] rewrite(String html, String version) {
    Matcher m = LINK.matcher(html);
    return m.replaceAll("$1=\"/v/" + Matcher.quoteReplacement(version) + "/$2/")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 over every path and content, in path order; the first 16 hex digits. */
  static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(files)
          .forEach(
              (path, content) -> {
                d.update(path.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(content);
                d.update((byte) 0);
              });
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Every file of the UI, by path under {@code META-INF/resources}, from the folder (tests, dev) or
   * the jar (the packaged service) that holds index.html. Empty when that cannot be listed: the
   * version is then random per start, still correct, only less cacheable.
   */
  private static Map<String, byte[]> list() {
    URL url = loader().getResource(ROOT + "index.html");
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if (url == null) {
        throw new IllegalStateException("index.html is not on the class path");
      }
      if (url.getProtocol().equals("file")) {
        Path dir = Paths.get(url.toURI()).getParent();
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.filter(Files::isRegularFile).toList()) {
            files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
          }
        }
      } else if (url.openConnection() instanceof JarURLConnection jar) {
        jar.setUseCaches(false);
        try (var file = jar.getJarFile()) {
          for (var e : file.stream().filter(e -> !e.isDirectory()).toList()) {
            if (e.getName().startsWith(ROOT)) {
              try (InputStream in = file.getInputStream(e)) {
                files.put(e.getName().substring(ROOT.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        throw new IllegalStateException("cannot list " + url);
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      LOG.warnf("otlab: cannot list the web UI's files (%s); asset URLs change at every start", e);
      files.clear();
    }
    return files;
  }

  private static byte[] read(String name) {
    return Objects.requireNonNull(readOrNull(name), () -> name + " is not on the class path");
  }

  private static byte @Nullable [] readOrNull(String name) {
    try (InputStream in = loader().getResourceAsStream(ROOT + name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClassLoader loader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : Assets.class.getClassLoader();
  }

  private static String random() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
