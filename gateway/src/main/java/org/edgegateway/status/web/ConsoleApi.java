// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * The console's JSON API under {@code /api/}. Reading is open to anyone who reaches the console; actions need a
 * session (cookie {@code Secure; HttpOnly; SameSite=Strict}), its CSRF token in {@code X-CSRF-Token}, a JSON body
 * and a same-origin request. Logins are throttled per client address and overall.
 */
final class ConsoleApi {
  static final String COOKIE = "eg_console";
  static final int MAX_BODY = 4096;
  private static final Pattern TECHNICIAN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}");
  private static final Pattern ZONE_TEST = Pattern.compile("/api/zones/([A-Za-z0-9_.-]{1,64})/test");
  private static final Pattern SENSOR_READ = Pattern.compile("/api/sensors/([A-Za-z0-9_.-]{1,64})/read");
  private static final long ACTION_TIMEOUT_SECONDS = 10;
  private static final long CHECK_TIMEOUT_SECONDS = 60;

  private final ConsoleSettings settings;
  private final ConsoleView view;
  private final ConsoleActions actions;
  private final ConsolePassword.Source password;
  private final HistoryRing history;
  private final EventStream streams;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final ObjectMapper json;
  private final Object hashing = new Object();
  private long lastThrottleLogNanos;

  ConsoleApi(ConsoleSettings settings, ConsoleView view, ConsoleActions actions, ConsolePassword.Source password,
      HistoryRing history, EventStream streams, Sessions sessions, LoginThrottle throttle, ObjectMapper json) {
    this.settings = settings;
    this.view = view;
    this.actions = actions;
    this.password = password;
    this.history = history;
    this.streams = streams;
    this.sessions = sessions;
    this.throttle = throttle;
    this.json = json;
  }

  void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    securityHeaders(ex);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (method.equals("GET") && path.equals("/api/stream")) {
      // The stream stays open after this returns: the console's ticker writes to it and closes it.
      if (!streams.open(ex, json.writeValueAsString(view.snapshot()))) {
        try (ex) {
          send(ex, 503, Map.of("error", "too many open consoles (" + ConsoleServer.MAX_STREAMS + ")"));
        }
      }
      return;
    }
    try (ex) {
      if (method.equals("GET")) {
        get(ex, path);
      } else if (method.equals("POST")) {
        post(ex, path);
      } else {
        send(ex, 405, Map.of("error", "method not allowed"));
      }
    } catch (RuntimeException e) {
      Logger.warn("web console request {} {} failed: {}", method, path, e.toString());
      send(ex, 500, Map.of("error", "internal error"));
    }
  }

  private void get(HttpExchange ex, String path) throws IOException {
    switch (path) {
      case "/api/status" -> send(ex, 200, view.snapshot());
      case "/api/history" -> {
        Map<String, Object> h = history.toJson();
        h.put("everySeconds", settings.historyEvery().toSeconds());
        send(ex, 200, h);
      }
      case "/api/session" -> {
        Sessions.Session s = sessions.find(cookie(ex));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loginEnabled", password.current() != null);
        m.put("technician", s == null ? null : s.technician());
        m.put("csrf", s == null ? null : s.csrf());
        m.put("maxTestSeconds", settings.maxTestSeconds());
        send(ex, 200, m);
      }
      default -> send(ex, 404, Map.of("error", "no such resource"));
    }
  }

  private void post(HttpExchange ex, String path) throws IOException {
    if (!sameOrigin(ex)) {
      send(ex, 403, rejected("cross-site request refused"));
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      send(ex, 415, rejected("send application/json"));
      return;
    }
    JsonNode body = body(ex);
    if (body == null) {
      send(ex, 400, rejected("the body is not a JSON object of at most " + MAX_BODY + " bytes"));
      return;
    }
    if (path.equals("/api/login")) {
      login(ex, body);
      return;
    }
    Sessions.Session s = sessions.find(cookie(ex));
    if (path.equals("/api/logout")) {
      if (s != null && s.csrfMatches(ex.getRequestHeaders().getFirst("X-CSRF-Token"))) sessions.close(s.token());
      ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
      send(ex, 200, Map.of("result", "accepted"));
      return;
    }
    if (s == null) {
      send(ex, 401, rejected("log in first"));
      return;
    }
    if (!s.csrfMatches(ex.getRequestHeaders().getFirst("X-CSRF-Token"))) {
      send(ex, 403, rejected("missing or wrong CSRF token: reload the page"));
      return;
    }
    action(ex, path, body, s.technician());
  }

  private void action(HttpExchange ex, String path, JsonNode body, String technician) throws IOException {
    Matcher zone = ZONE_TEST.matcher(path);
    Matcher sensor = SENSOR_READ.matcher(path);
    if (zone.matches()) {
      JsonNode sec = body.get("seconds");
      if (sec == null || !sec.canConvertToInt() || sec.asInt() < 1 || sec.asInt() > settings.maxTestSeconds()) {
        send(ex, 400, rejected("seconds must be a whole number from 1 to " + settings.maxTestSeconds()));
        return;
      }
      ack(ex, actions.testZone(zone.group(1), Duration.ofSeconds(sec.asInt()), technician), ACTION_TIMEOUT_SECONDS);
    } else if (sensor.matches()) {
      ack(ex, actions.readSensor(sensor.group(1), technician), ACTION_TIMEOUT_SECONDS);
    } else if (path.equals("/api/check")) {
      ack(ex, actions.check(technician), CHECK_TIMEOUT_SECONDS);
    } else {
      send(ex, 404, rejected("no such action"));
    }
  }

  private void ack(HttpExchange ex, CompletableFuture<Map<String, Object>> f, long timeoutSeconds)
      throws IOException {
    Map<String, Object> ack;
    try {
      ack = f.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      ack = Map.of("result", "queued", "reason", "no answer within " + timeoutSeconds + " s; watch the page");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      ack = rejected(c instanceof IllegalArgumentException ? c.getMessage() : "failed: " + c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ack = rejected("interrupted");
    }
    send(ex, "rejected".equals(ack.get("result")) ? 409 : 200, ack);
  }

  private void login(HttpExchange ex, JsonNode body) throws IOException {
    String client = ex.getRemoteAddress().getAddress().getHostAddress();
    long wait = throttle.retryAfterSeconds(client);
    if (wait > 0) {
      logThrottled(client);
      ex.getResponseHeaders().set("Retry-After", Long.toString(wait));
      send(ex, 429, Map.of("result", "rejected", "reason", "too many wrong passwords; try again in " + wait + " s",
          "retryAfter", wait));
      return;
    }
    ConsolePassword hash = password.current();
    if (hash == null) {
      send(ex, 403, rejected("no console password is set on this gateway: run edge-gateway console-password"));
      return;
    }
    String name = body.path("technician").asText("").strip();
    if (!TECHNICIAN.matcher(name).matches()) {
      send(ex, 400, rejected("your name: 1 to 40 letters, digits, spaces, '.', '_' or '-'"));
      return;
    }
    char[] secret = body.path("password").asText("").toCharArray();
    boolean ok;
    synchronized (hashing) { // one PBKDF2 at a time: guessing cannot take every core
      ok = hash.matches(secret);
    }
    Arrays.fill(secret, '\0');
    if (!ok) {
      throttle.failed(client);
      Logger.warn("web console: wrong password for '{}' from {}", name, client);
      send(ex, 401, rejected("wrong password"));
      return;
    }
    throttle.succeeded(client);
    Sessions.Session s = sessions.open(name);
    Logger.info("web console: technician '{}' logged in from {}", name, client);
    ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + s.token()
        + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    send(ex, 200, Map.of("result", "accepted", "technician", name, "csrf", s.csrf()));
  }

  private synchronized void logThrottled(String client) {
    long now = System.nanoTime();
    if (lastThrottleLogNanos == 0 || now - lastThrottleLogNanos > TimeUnit.MINUTES.toNanos(1)) {
      Logger.warn("web console: logins from {} refused for a while after repeated wrong passwords (logged at most "
          + "once a minute)", client);
      lastThrottleLogNanos = now;
    }
  }

  /** A browser sends Origin (and Sec-Fetch-Site) with every POST; both must say this very console. */
  private static boolean sameOrigin(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    String site = ex.getRequestHeaders().getFirst("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin")) return false;
    return origin == null || (host != null && origin.equals("https://" + host));
  }

  private JsonNode body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) return null;
      JsonNode n = json.readTree(b.length == 0 ? "{}".getBytes(StandardCharsets.US_ASCII) : b);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String cookie(HttpExchange ex) {
    List<String> headers = ex.getRequestHeaders().get("Cookie");
    if (headers == null) return null;
    for (String h : headers) {
      for (String part : h.split(";")) {
        String p = part.strip();
        if (p.startsWith(COOKIE + "=")) return p.substring(COOKIE.length() + 1);
      }
    }
    return null;
  }

  private static Map<String, Object> rejected(String reason) {
    return Map.of("result", "rejected", "reason", reason);
  }

  private void send(HttpExchange ex, int code, Object body) throws IOException {
    byte[] b = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }

  /** On every response: scripts and styles from the console only, no framing, no referrer, no sniffing. */
  static void securityHeaders(HttpExchange ex) {
    var h = ex.getResponseHeaders();
    h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
  }
}
