// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test CAs and certificates made with {@code openssl} (EC P-256, valid two days) in a temp directory. Keys are
 * unencrypted PKCS #8 PEM; certificates PEM. For tests only.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A certificate (or CA) and its key. */
  public record Pair(Path cert, Path key) {}

  /** A self-signed CA named {@code name}, files {@code name.pem} and {@code name.key}. */
  public static Pair ca(Path dir, String name) throws IOException {
    Pair ca = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", ca.key().toString(), "-out", ca.cert().toString(), "-days", "2", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return ca;
  }

  /**
   * A certificate for {@code name} signed by {@code ca}, usable by servers and clients; {@code dnsNames} go in the
   * subject alternative names (hostname verification looks there, not at the CN).
   */
  public static Pair issue(Path dir, Pair ca, String name, String... dnsNames) throws IOException {
    Pair leaf = new Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    Path csr = dir.resolve(name + ".csr");
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", leaf.key().toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
    StringBuilder ext = new StringBuilder("extendedKeyUsage=serverAuth,clientAuth\n");
    if (dnsNames.length > 0) {
      List<String> sans = new ArrayList<>();
      for (String dns : dnsNames) sans.add("DNS:" + dns);
      ext.append("subjectAltName=").append(String.join(",", sans)).append('\n');
    }
    Path extFile = dir.resolve(name + ".ext");
    Files.writeString(extFile, ext.toString(), StandardCharsets.US_ASCII);
    openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.cert().toString(), "-CAkey", ca.key().toString(),
        "-CAcreateserial", "-out", leaf.cert().toString(), "-days", "2", "-extfile", extFile.toString());
    return leaf;
  }

  private static void openssl(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
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
