// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * Takes the screenshots of docs/INSTALL.md from a running console (the demo's), phone and desktop, logged in so that
 * the actions show:
 * {@code java -cp gateway/target/test-classes:gateway/target/edge-gateway.jar
 * org.edgegateway.testing.ConsoleScreenshots https://127.0.0.1:8443/ target/demo-state/console-cert.pem demo-console-pw docs}
 */
public final class ConsoleScreenshots {
  private ConsoleScreenshots() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) throw new IllegalArgumentException("usage: URL CERT_PEM PASSWORD OUT_DIR");
    X509Certificate cert;
    try (var in = Files.newInputStream(Path.of(args[1]))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(cert.getPublicKey().getEncoded()));
    Path out = Files.createDirectories(Path.of(args[3]));
    try (HeadlessChromium b = HeadlessChromium.start(spki, 390, 844)) {
      b.navigate(args[0]);
      b.until(Duration.ofSeconds(20), "document.getElementById('live').textContent === 'live'", "live");
      b.eval("(() => { document.getElementById('login-name').value = 'Ana';"
          + " document.getElementById('login-password').value = '" + args[2].replace("'", "\\'") + "';"
          + " document.getElementById('login-button').click(); })()");
      b.until(Duration.ofSeconds(20), "!document.getElementById('session').hidden", "logged in");
      b.until(Duration.ofSeconds(20), "Object.keys(window.consolePlots).length > 0", "plots");
      b.eval("new Promise(r => setTimeout(r, 1500))"); // the next live event and plot paint
      Files.write(out.resolve("console-phone.png"), b.screenshot());
      b.viewport(1280, 900, false);
      b.navigate(args[0]);
      b.until(Duration.ofSeconds(20), "document.getElementById('live').textContent === 'live'"
          + " && Object.keys(window.consolePlots).length > 0", "live on the desktop");
      b.eval("new Promise(r => setTimeout(r, 1500))");
      Files.write(out.resolve("console-desktop.png"), b.screenshot());
      if (!b.errors().isEmpty()) throw new IllegalStateException("page errors: " + b.errors());
    }
  }
}
