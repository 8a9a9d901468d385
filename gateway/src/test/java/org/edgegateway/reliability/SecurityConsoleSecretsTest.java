// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console's password, its hash and the console's TLS key appear in nothing: not in what
 * {@code console-password} prints, not in the log of {@code run} at debug level through right and wrong logins, a
 * zone test and a check, not in any page or API response. The zone test's event names the technician.
 */
@Timeout(180)
class SecurityConsoleSecretsTest {
  static final String SECRET = "console-pw-5be1c07a";
  private static final Pattern LISTENING = Pattern.compile("web console on https://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir
  Path dir;

  @Test
  void consolePasswordHashAndKeyAppearInNoOutputLogOrResponse() throws Exception {
    Path config = config();
    String setOut = setPassword(config);
    String hash = Files.readString(dir.resolve("console.pw"), StandardCharsets.US_ASCII).strip();
    assertTrue(hash.startsWith("pbkdf2-sha256$"), hash);
    List<String> responses = new ArrayList<>();
    String log;
    try (MainProcess gw = MainProcess.start(dir, "run", "run", "--config", config.toString())) {
      Await.until(Duration.ofSeconds(60), () -> LISTENING.matcher(read(gw)).find(), () -> "console up: " + read(gw));
      Matcher m = LISTENING.matcher(gw.output());
      assertTrue(m.find());
      String base = "https://127.0.0.1:" + m.group(1);
      HttpClient http = client(dir.resolve("state/console-cert.pem"));
      assertEquals(401, post(http, base + "/api/login", "{\"technician\":\"Ana\",\"password\":\"" + SECRET + "-no\"}",
          null, null, responses).statusCode());
      HttpResponse<String> ok = post(http, base + "/api/login", "{\"technician\":\"Ana\",\"password\":\"" + SECRET
          + "\"}", null, null, responses);
      assertEquals(200, ok.statusCode(), ok.body());
      String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      String csrf = ok.body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
      assertEquals(200, post(http, base + "/api/zones/tree-1/test", "{\"seconds\":3}", cookie, csrf, responses)
          .statusCode());
      assertEquals(200, post(http, base + "/api/check", "{}", cookie, csrf, responses).statusCode());
      for (String p : List.of("/", "/console.js", "/api/status", "/api/session", "/api/history")) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + p)).header("Cookie", cookie).build();
        responses.add(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
      }
      Await.until(Duration.ofSeconds(20), () -> read(gw).contains("technician 'Ana' via web"), "the zone test event");
      assertEquals(0, gw.stop());
      log = gw.output();
    }
    String key = Files.readString(dir.resolve("state/console-key.pem"), StandardCharsets.US_ASCII);
    List<String> secrets = new ArrayList<>(List.of(SECRET));
    for (String part : hash.split("\\$")) if (part.length() > 8) secrets.add(part);
    key.lines().filter(l -> !l.startsWith("-----")).forEach(secrets::add);
    for (String s : secrets) {
      assertFalse(setOut.contains(s), "console-password output shows a secret");
      assertFalse(log.contains(s), "the log shows a secret: " + s.substring(0, 4) + "...");
      assertFalse(String.join("\n", responses).contains(s), "a response shows a secret");
    }
  }

  private Path config() throws Exception {
    Path repo = Path.of(System.getProperty("edgegateway.repo", "..")).toAbsolutePath().normalize();
    String text = Files.readString(repo.resolve("config/demo.yaml"), StandardCharsets.UTF_8)
        .replace("state-dir: ../target/demo-state", "state-dir: " + dir.resolve("state"))
        .replace("tcp://127.0.0.1:1883", "tcp://127.0.0.1:9")
        .replace("port: 8443", "port: 0")
        .replace("password-file: console-demo.password", "password-file: " + dir.resolve("console.pw"))
        .replace("level: info", "level: debug");
    assertTrue(text.contains("port: 0") && text.contains("console.pw") && text.contains("level: debug"), text);
    return Files.writeString(dir.resolve("site.yaml"), text);
  }

  /** The real command in a child JVM, the password on its standard input. */
  private String setPassword(Path config) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.edgegateway.cli.Main", "console-password", "--config",
        config.toString()).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static HttpClient client(Path certPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(certPem)) {
      trust.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static HttpResponse<String> post(HttpClient http, String url, String body, String cookie, String csrf,
      List<String> responses) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) b.header("Cookie", cookie);
    if (csrf != null) b.header("X-CSRF-Token", csrf);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    responses.add(r.headers().map() + "\n" + r.body());
    return r;
  }

  private static String read(MainProcess p) {
    try {
      return p.output();
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
