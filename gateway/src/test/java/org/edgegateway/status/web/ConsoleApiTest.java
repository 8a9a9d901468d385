// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The console's HTTP side against a fake gateway: who may do what, how, and that no secret is ever served. */
@Timeout(120)
class ConsoleApiTest {
  static final String SECRET = "pole-secret-7f3a91";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicLong ticks = new AtomicLong();
  private final List<String> served = new ArrayList<>();
  private ConsoleServer server;
  private HttpClient http;
  private String base;

  @BeforeEach
  void start() throws Exception {
    ConsolePassword.hash(SECRET.toCharArray()).write(dir.resolve("pw"));
    ConsoleCertificate cert = ConsoleCertificate.selfSigned(dir, "test", List.of("127.0.0.1"));
    server = new ConsoleServer(new ConsoleSettings("127.0.0.1", 0, Duration.ofMinutes(5), Duration.ofSeconds(1),
        60), new FakeView(), new RecordingActions(), new ConsolePassword.Source(dir.resolve("pw")), cert,
        Clock.systemUTC(), System::nanoTime);
    server.start();
    base = "https://127.0.0.1:" + server.port();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("console", cert.leaf());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anonymousVisitorReadsEverythingButEveryActionIsRefused() throws Exception {
    assertEquals(200, get("/").statusCode());
    assertTrue(get("/uplot.js").body().contains("uPlot"), "uPlot served from the jar");
    assertEquals(200, get("/api/status").statusCode());
    assertEquals(200, get("/api/history").statusCode());
    for (String action : List.of("/api/zones/z1/test", "/api/sensors/s1/read", "/api/check")) {
      HttpResponse<String> r = post(action, "{\"seconds\": 5}", null, null);
      assertEquals(401, r.statusCode(), action);
      assertEquals("rejected", JSON.readTree(r.body()).path("result").asText());
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void loginGivesAStrictSecureHttpOnlyCookieAndActionsNeedItsCsrfToken() throws Exception {
    Login l = login("Ana", SECRET);
    assertEquals(200, l.status);
    assertTrue(l.setCookie.contains("; Secure") && l.setCookie.contains("; HttpOnly")
        && l.setCookie.contains("SameSite=Strict"), l.setCookie);
    assertEquals(403, post("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, null).statusCode(), "no token");
    assertEquals(403, post("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, "forged").statusCode(), "forged");
    HttpResponse<String> ok = post("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, l.csrf);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals("accepted", JSON.readTree(ok.body()).path("result").asText());
    assertEquals(List.of("testZone z1 PT5S Ana"), calls);
    assertEquals(200, post("/api/sensors/s1/read", "{}", l.cookie, l.csrf).statusCode());
    assertEquals("readSensor s1 Ana", calls.get(1));
  }

  @Test
  void crossSiteRequestsAndFormPostsAreRefusedEvenWithASession() throws Exception {
    Login l = login("Ana", SECRET);
    HttpRequest.Builder cross = request("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, l.csrf)
        .header("Origin", "https://evil.example");
    assertEquals(403, http.send(cross.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpRequest.Builder fetchSite = request("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, l.csrf)
        .header("Sec-Fetch-Site", "cross-site");
    assertEquals(403, http.send(fetchSite.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpRequest form = HttpRequest.newBuilder(URI.create(base + "/api/zones/z1/test")).header("Cookie", l.cookie)
        .header("X-CSRF-Token", l.csrf).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("seconds=5")).build();
    assertEquals(415, http.send(form, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(List.of(), calls);
  }

  @Test
  void zoneTestOutsideTheConsolesLimitIsRejectedBeforeAnyAction() throws Exception {
    Login l = login("Ana", SECRET);
    for (String body : List.of("{\"seconds\": 0}", "{\"seconds\": 61}", "{\"seconds\": \"ten\"}", "{}", "[1]",
        "{\"seconds\": " + "9".repeat(5000) + "}")) {
      assertEquals(400, post("/api/zones/z1/test", body, l.cookie, l.csrf).statusCode(), body);
    }
    assertEquals(List.of(), calls);
  }

  @Test
  void wrongPasswordsAreThrottledAndThenTheRightOneWaitsToo() throws Exception {
    for (int i = 0; i < 5; i++) assertEquals(401, login("Eve", "guess-" + i).status);
    Login limited = login("Eve", "guess-6");
    assertEquals(429, limited.status);
    assertTrue(Long.parseLong(limited.retryAfter) > 0, limited.retryAfter);
    assertEquals(429, login("Ana", SECRET).status);
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    Login l = login("Ana", SECRET);
    assertEquals(200, post("/api/logout", "{}", l.cookie, l.csrf).statusCode());
    assertEquals(401, post("/api/check", "{}", l.cookie, l.csrf).statusCode());
    assertTrue(JSON.readTree(get("/api/session", l.cookie).body()).path("technician").isNull());
  }

  @Test
  void streamSendsTheLiveValuesAgainAndAgain() throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/stream")).build();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      List<Long> seen = new ArrayList<>();
      for (String line; seen.size() < 3 && (line = in.readLine()) != null; ) {
        if (line.startsWith("data: ")) seen.add(JSON.readTree(line.substring(6)).path("tick").asLong());
      }
      assertTrue(seen.get(2) > seen.get(0), "values move: " + seen);
    }
  }

  @Test
  void noResponseEverContainsThePasswordItsHashOrTheTlsKey() throws Exception {
    Login l = login("Ana", SECRET);
    login("Eve", SECRET + "x");
    for (String path : List.of("/", "/console.js", "/console.css", "/api/status", "/api/history", "/api/session",
        "/api/nothing", "/nothing")) {
      get(path, l.cookie);
    }
    post("/api/zones/z1/test", "{\"seconds\": 5}", l.cookie, l.csrf);
    post("/api/check", "{}", l.cookie, l.csrf);
    String all = String.join("\n", served);
    assertTrue(all.contains("\"csrf\"") && all.contains("uPlot"), "the responses were collected");
    String hash = Files.readString(dir.resolve("pw")).strip();
    String key = Files.readString(dir.resolve(ConsoleCertificate.KEY_FILE));
    assertFalse(all.contains(SECRET), "the password");
    for (String part : hash.split("\\$")) assertFalse(part.length() > 8 && all.contains(part), "the hash: " + part);
    for (String line : key.lines().filter(x -> !x.startsWith("-----")).toList()) {
      assertFalse(all.contains(line), "the TLS key");
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, null);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) b.header("Cookie", cookie);
    return record(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpRequest.Builder request(String path, String body, String cookie, String csrf) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) b.header("Cookie", cookie);
    if (csrf != null) b.header("X-CSRF-Token", csrf);
    return b;
  }

  private HttpResponse<String> post(String path, String body, String cookie, String csrf) throws Exception {
    return record(http.send(request(path, body, cookie, csrf).build(), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpResponse<String> record(HttpResponse<String> r) {
    served.add(r.headers().map() + "\n" + r.body());
    return r;
  }

  private Login login(String name, String password) throws Exception {
    String body = JSON.writeValueAsString(Map.of("technician", name, "password", password));
    HttpResponse<String> r = post("/api/login", body, null, null);
    String setCookie = r.headers().firstValue("Set-Cookie").orElse("");
    JsonNode n = JSON.readTree(r.body());
    return new Login(r.statusCode(), setCookie, setCookie.split(";")[0], n.path("csrf").asText(null),
        r.headers().firstValue("Retry-After").orElse(""));
  }

  private record Login(int status, String setCookie, String cookie, String csrf, String retryAfter) {}

  private final class FakeView implements ConsoleView {
    @Override
    public Map<String, Object> snapshot() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tick", ticks.incrementAndGet());
      m.put("zones", List.of(Map.of("id", "z1", "moisture", 21.5)));
      return m;
    }

    @Override
    public Map<String, HistoryFold> historySeries() {
      return Map.of("z1.moisture", HistoryFold.LAST);
    }

    @Override
    public double[] historyValues() {
      return new double[] {21.5};
    }
  }

  private final class RecordingActions implements ConsoleActions {
    @Override
    public CompletableFuture<Map<String, Object>> testZone(String zone, Duration run, String technician) {
      calls.add("testZone " + zone + " " + run + " " + technician);
      return CompletableFuture.completedFuture(Map.of("result", "accepted", "zone", zone, "seconds",
          run.toSeconds()));
    }

    @Override
    public CompletableFuture<Map<String, Object>> readSensor(String sensor, String technician) {
      calls.add("readSensor " + sensor + " " + technician);
      return CompletableFuture.completedFuture(Map.of("result", "accepted"));
    }

    @Override
    public CompletableFuture<Map<String, Object>> check(String technician) {
      calls.add("check " + technician);
      return CompletableFuture.completedFuture(Map.of("result", "accepted", "items", List.of()));
    }
  }
}
