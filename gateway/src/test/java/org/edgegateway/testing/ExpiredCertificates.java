// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates that {@link TestCertificates} does not make: one signed by a good CA that expired a day ago
 * ({@code openssl x509 -days -1}), as a broker whose certificate nobody renewed would present.
 */
public final class ExpiredCertificates {
  private ExpiredCertificates() {}

  /** A certificate for {@code dnsName} signed by {@code ca}, whose validity ended a day ago. */
  public static TestCertificates.Pair issue(Path dir, TestCertificates.Pair ca, String name, String dnsName)
      throws IOException {
    TestCertificates.Pair leaf = new TestCertificates.Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    Files.writeString(ext, "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:" + dnsName + "\n",
        StandardCharsets.US_ASCII);
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", leaf.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
        "-CAcreateserial", "-out", leaf.cert().toString(), "-days", "-1", "-extfile", ext.toString());
    return leaf;
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl-expired.log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("openssl timed out: " + command);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
    if (p.exitValue() != 0) throw new IOException("openssl failed: " + command + "\n" + Files.readString(log));
  }
}
