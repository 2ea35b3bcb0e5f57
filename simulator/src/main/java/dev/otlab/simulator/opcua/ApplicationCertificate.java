package dev.otlab.simulator.opcua;

import dev.otlab.core.OtlabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * A self-signed application instance certificate kept in a PKCS#12 file, generated on first use and
 * reused afterwards so that clients that pinned it keep trusting it across restarts.
 *
 * <p>The key store password is a constant: the PKI directory holds lab material, not secrets worth
 * protecting, and a configurable password would only be one more thing to get wrong in a plant
 * file.
 *
 * @param keyPair the application key pair (RSA 2048, as Basic256Sha256 requires)
 * @param certificate the certificate; its SAN URI equals the application URI
 * @param generated whether this call created it (false when it was loaded)
 */
record ApplicationCertificate(KeyPair keyPair, X509Certificate certificate, boolean generated) {

  private static final char[] STORE_PASSWORD = "otlab-lab-pki".toCharArray();
  private static final String ALIAS = "application";

  /**
   * Loads the certificate in {@code file}, or creates one when the file is missing, unreadable,
   * expired, or names another application URI (the URI must match the application description or
   * clients reject the server).
   */
  static ApplicationCertificate loadOrCreate(
      Path file, String applicationUri, String commonName, List<String> hostNames) {
    Optional<ApplicationCertificate> existing = load(file, applicationUri);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
      SelfSignedCertificateBuilder builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName(commonName)
              .setOrganization("otlab")
              .setOrganizationalUnit("lab")
              .setApplicationUri(applicationUri)
              .setValidityPeriod(Period.ofYears(3));
      for (String host : hostNames) {
        if (host.matches("[0-9.]+") || host.contains(":")) {
          builder.addIpAddress(host);
        } else {
          builder.addDnsName(host);
        }
      }
      X509Certificate certificate = builder.build();
      store(file, keyPair, certificate);
      return new ApplicationCertificate(keyPair, certificate, true);
    } catch (Exception e) {
      throw new OtlabException(
          "OPCUA_PKI_FAILED",
          "Could not create the OPC UA certificate in " + file + ": " + e.getMessage() + ".",
          "Check that the PKI directory is writable.",
          e);
    }
  }

  /**
   * What a key store file held when it was last read, by path: opening a PKCS#12 file costs tens of
   * milliseconds (its key derivation), and every lab start opens one per server and client. A file
   * that changed since (its time or size) is read again.
   */
  private record Loaded(
      FileTime modified, long size, String applicationUri, ApplicationCertificate certificate) {}

  private static final int CACHED_FILES = 512;

  private static final Map<Path, Loaded> LOADED =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Loaded> eldest) {
          return size() > CACHED_FILES;
        }
      };

  private static Optional<ApplicationCertificate> load(Path file, String applicationUri) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!attributes.isRegularFile()) {
      return Optional.empty();
    }
    Path key = file.toAbsolutePath().normalize();
    Loaded seen;
    synchronized (LOADED) {
      seen = LOADED.get(key);
    }
    if (seen != null
        && seen.modified().equals(attributes.lastModifiedTime())
        && seen.size() == attributes.size()
        && seen.applicationUri().equals(applicationUri)) {
      try {
        seen.certificate().certificate().checkValidity();
        return Optional.of(seen.certificate());
      } catch (GeneralSecurityException e) {
        return Optional.empty();
      }
    }
    Optional<ApplicationCertificate> read = read(file, applicationUri);
    read.ifPresent(
        c -> {
          synchronized (LOADED) {
            LOADED.put(
                key,
                new Loaded(attributes.lastModifiedTime(), attributes.size(), applicationUri, c));
          }
        });
    return read;
  }

  private static Optional<ApplicationCertificate> read(Path file, String applicationUri) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, STORE_PASSWORD);
      Key key = ks.getKey(ALIAS, STORE_PASSWORD);
      Certificate cert = ks.getCertificate(ALIAS);
      if (!(key instanceof PrivateKey privateKey) || !(cert instanceof X509Certificate x509)) {
        return Optional.empty();
      }
      x509.checkValidity();
      if (!CertificateUtil.getSanUri(x509).map(applicationUri::equals).orElse(false)) {
        return Optional.empty();
      }
      return Optional.of(
          new ApplicationCertificate(new KeyPair(x509.getPublicKey(), privateKey), x509, false));
    } catch (IOException | GeneralSecurityException e) {
      // An unreadable or expired file is replaced: the lab can always mint a new identity.
      return Optional.empty();
    }
  }

  private static void store(Path file, KeyPair keyPair, X509Certificate certificate)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, STORE_PASSWORD);
    ks.setKeyEntry(ALIAS, keyPair.getPrivate(), STORE_PASSWORD, new Certificate[] {certificate});
    // Write then rename, so a crash never leaves a half-written store that would be replaced.
    Path tmp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      ks.store(out, STORE_PASSWORD);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
