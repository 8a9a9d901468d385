// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's Chromium (/usr/bin/chromium, nothing downloaded), headless, driven over the DevTools protocol on a
 * loopback WebSocket (the JDK's client): one page, navigation, JavaScript evaluation, cookies, screenshots. The
 * browser trusts exactly one certificate key (its SPKI hash), as a technician trusts a fingerprint.
 */
public final class HeadlessChromium implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private String session;

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts the browser with a window of {@code width}x{@code height}, trusting the key {@code spkiSha256}. */
  public static HeadlessChromium start(String spkiSha256Base64, int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "--window-size=" + width + "," + height, "--ignore-certificate-errors-spki-list=" + spkiSha256Base64,
        "about:blank"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log")
        .toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    try {
      Await.until(Duration.ofSeconds(30), () -> Files.exists(portFile) && lines(portFile).size() >= 2
          || !p.isAlive(), "Chromium's DevToolsActivePort");
      if (!p.isAlive()) throw new IOException("chromium exited: " + Files.readString(profile.resolve("chromium.log")));
      List<String> port = lines(portFile);
      URI ws = URI.create("ws://127.0.0.1:" + port.get(0).strip() + port.get(1).strip());
      Holder holder = new Holder();
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
          .buildAsync(ws, holder).get(10, TimeUnit.SECONDS);
      HeadlessChromium c = new HeadlessChromium(p, profile, socket);
      holder.owner = c;
      c.attach(width, height);
      return c;
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("cannot connect to Chromium: " + e, e);
    }
  }

  private void attach(int width, int height) throws IOException {
    String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId")
        .asText();
    call("Runtime.enable", Map.of());
    call("Page.enable", Map.of());
    call("Network.enable", Map.of());
    viewport(width, height, width < 600);
  }

  /** Emulates a screen of {@code width}x{@code height} CSS pixels (a phone's when {@code mobile}). */
  public void viewport(int width, int height, boolean mobile) throws IOException {
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
        "mobile", mobile));
  }

  public void navigate(String url) throws IOException {
    call("Page.navigate", Map.of("url", url));
  }

  /** Evaluates {@code js} in the page (awaiting a promise) and returns its JSON value. */
  public JsonNode eval(String js) throws IOException {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", js, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) throw new IOException("script failed: " + r.path("exceptionDetails"));
    return r.path("result").path("value");
  }

  /** Waits until {@code js} is true in the page. */
  public void until(Duration timeout, String js, String what) {
    Await.until(timeout, () -> {
      try {
        return eval(js).asBoolean(false);
      } catch (IOException e) {
        return false;
      }
    }, () -> what + " (page errors: " + errors + ")");
  }

  /** The cookies the browser holds for {@code url}. */
  public JsonNode cookies(String url) throws IOException {
    return call("Network.getCookies", Map.of("urls", List.of(url))).path("cookies");
  }

  /** A PNG of the whole page at the current viewport width. */
  public byte[] screenshot() throws IOException {
    JsonNode m = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", m.path("width").asDouble(), "height",
        m.path("height").asDouble(), "scale", 1);
    JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    return Base64.getDecoder().decode(r.path("data").asText());
  }

  /** JavaScript exceptions and console errors the page raised so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private JsonNode call(String method, Map<String, Object> params) throws IOException {
    return call(session, method, params);
  }

  private JsonNode call(String sessionId, String method, Map<String, Object> params) throws IOException {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", JSON.valueToTree(params));
    if (sessionId != null) msg.put("sessionId", sessionId);
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    try {
      synchronized (socket) {
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
      }
      JsonNode reply = f.get(30, TimeUnit.SECONDS);
      if (reply.has("error")) throw new IOException(method + ": " + reply.path("error"));
      return reply.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + method, e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException(method + " got no answer: " + e, e);
    } finally {
      pending.remove(id);
    }
  }

  private void received(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n.has("id")) {
        CompletableFuture<JsonNode> f = pending.get(n.path("id").asInt());
        if (f != null) f.complete(n);
      } else if (n.path("method").asText().equals("Runtime.exceptionThrown")) {
        errors.add(n.path("params").path("exceptionDetails").toString());
      } else if (n.path("method").asText().equals("Runtime.consoleAPICalled")
          && n.path("params").path("type").asText().equals("error")) {
        errors.add(n.path("params").path("args").toString());
      }
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket.abort();
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Collects a message's fragments and hands whole messages to the browser object. */
  private static final class Holder implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private volatile HeadlessChromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String whole = text.toString();
        text.setLength(0);
        if (owner != null) owner.received(whole);
      }
      ws.request(1);
      return null;
    }
  }
}
