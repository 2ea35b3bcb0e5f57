package dev.otlab.simulator.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationCertificateTest {

  private static final String URI = "urn:otlab:server:plc-test";

  @Test
  void aStoredCertificateIsReusedUntilItsFileChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("server.p12");
    ApplicationCertificate first =
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("127.0.0.1"));
    assertTrue(first.generated());

    ApplicationCertificate again =
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("127.0.0.1"));
    assertFalse(again.generated());
    assertEquals(first.certificate(), again.certificate());
    assertEquals(first.keyPair().getPrivate(), again.keyPair().getPrivate());

    // Another application URI: the stored identity does not fit and is replaced.
    ApplicationCertificate other =
        ApplicationCertificate.loadOrCreate(
            file, "urn:otlab:server:plc-other", "plc-other", List.of("127.0.0.1"));
    assertTrue(other.generated());
    assertNotEquals(first.certificate(), other.certificate());

    // The file was replaced on disk: what is read now is the new file, not what was read before.
    Files.delete(file);
    ApplicationCertificate fresh =
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("127.0.0.1"));
    assertTrue(fresh.generated());
    ApplicationCertificate reread =
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("127.0.0.1"));
    assertFalse(reread.generated());
    assertEquals(fresh.certificate(), reread.certificate());
    assertNotEquals(first.certificate(), reread.certificate());
  }

  @Test
  void anUnreadableFileIsReplacedWithANewIdentity(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.p12");
    Files.writeString(file, "not a key store");
    ApplicationCertificate c =
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("localhost"));
    assertTrue(c.generated());
    assertFalse(
        ApplicationCertificate.loadOrCreate(file, URI, "plc-test", List.of("localhost"))
            .generated());
  }
}
