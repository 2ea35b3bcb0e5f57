package dev.otlab.dashboard.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How an artifact's text is kept in the {@code artifacts.body} TEXT column. Small ones as they are;
 * from {@link #COMPRESS_FROM} characters on gzip-compressed and base64-encoded, because traces and
 * CSV samples are repetitive text that shrinks about tenfold, and a text column keeps one SQL for
 * H2 and PostgreSQL. The row's {@code encoding} column says which; rows written before it existed
 * are {@link #PLAIN}.
 */
final class ArtifactCodec {
  static final String PLAIN = "plain";
  static final String GZIP_BASE64 = "gzip-base64";

  /** Below this many characters compression saves too little to be worth the reads it costs. */
  static final int COMPRESS_FROM = 4096;

  /** A body as stored: its encoding and the column's text. */
  record Stored(String encoding, String text) {}

  private ArtifactCodec() {}

  static Stored encode(String body) {
    if (body.length() < COMPRESS_FROM) {
      return new Stored(PLAIN, body);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() / 8);
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return new Stored(GZIP_BASE64, Base64.getEncoder().encodeToString(bytes.toByteArray()));
  }

  static String decode(String encoding, String text) {
    if (encoding.equals(PLAIN)) {
      return text;
    }
    if (!encoding.equals(GZIP_BASE64)) {
      throw new IllegalStateException("unknown artifact encoding '" + encoding + "'");
    }
    try (InputStream in =
        new GZIPInputStream(
            Base64.getDecoder()
                .wrap(
                    new java.io.ByteArrayInputStream(
                        text.getBytes(StandardCharsets.ISO_8859_1))))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored artifact is not valid gzip", e);
    }
  }
}
