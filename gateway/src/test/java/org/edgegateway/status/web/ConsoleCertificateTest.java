// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCertificateTest {
  @TempDir
  Path dir;

  @Test
  void selfSignedCertificateIsValidX509ForItsHostsAndKeptPrivate() throws Exception {
    ConsoleCertificate c = ConsoleCertificate.selfSigned(dir, "edge-gateway gw-1",
        List.of("localhost", "127.0.0.1", "::1", "gw-1.local"));
    assertTrue(c.generated());
    X509Certificate x = c.leaf();
    x.verify(x.getPublicKey());
    x.checkValidity();
    assertEquals(3, x.getVersion());
    assertEquals("CN=edge-gateway gw-1", x.getSubjectX500Principal().getName());
    assertEquals("SHA256withECDSA", x.getSigAlgName());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), x.getExtendedKeyUsage(), "serverAuth");
    var names = x.getSubjectAlternativeNames().stream().map(l -> l.get(1).toString()).toList();
    assertTrue(names.containsAll(List.of("localhost", "127.0.0.1", "gw-1.local")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.startsWith("0:0:0:0:0:0:0:1")), names.toString());
    assertEquals(-1, x.getBasicConstraints(), "not a CA");
    for (String f : List.of(ConsoleCertificate.KEY_FILE, ConsoleCertificate.CERT_FILE)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
    }
  }

  @Test
  void secondStartReusesTheCertificateAndOpensslAgreesOnItsFingerprint() throws Exception {
    String first = ConsoleCertificate.fingerprint(ConsoleCertificate.selfSigned(dir, "gw", List.of("localhost"))
        .leaf());
    ConsoleCertificate again = ConsoleCertificate.selfSigned(dir, "gw", List.of("localhost"));
    assertFalse(again.generated());
    assertEquals(first, ConsoleCertificate.fingerprint(again.leaf()));
    assertEquals(first, ConsoleCertificate.fingerprint(ConsoleCertificate.peek(null, dir)));
    Process p = new ProcessBuilder("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in",
        dir.resolve(ConsoleCertificate.CERT_FILE).toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    assertEquals("sha256 Fingerprint=" + first, out.strip().replace("SHA256", "sha256"));
  }

  @Test
  void siteCertificateFromPemFilesIsServedAsGiven() throws Exception {
    Path gen = Files.createDirectories(dir.resolve("gen"));
    ConsoleCertificate made = ConsoleCertificate.selfSigned(gen, "site", List.of("gw.example"));
    ConsoleCertificate read = ConsoleCertificate.fromFiles(gen.resolve(ConsoleCertificate.CERT_FILE),
        gen.resolve(ConsoleCertificate.KEY_FILE));
    assertFalse(read.generated());
    assertEquals(made.leaf(), read.leaf());
    read.sslContext();
  }
}
