// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLParameters;
import org.tinylog.Logger;

/**
 * The on-site web console: the JDK's HTTPS server (module jdk.httpserver, in Debian's headless JRE) on the
 * configured address, serving one page for a phone, its script and uPlot from the jar, a JSON API and a stream of
 * live values. Three request threads, one that every second feeds the history and one that writes the live values
 * to the streams; none of it touches the control loop's thread.
 */
public final class ConsoleServer implements AutoCloseable {
  static final int MAX_STREAMS = 8;
  private static final String UPLOT_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private final ConsoleSettings settings;
  private final ConsoleView view;
  private final ConsoleCertificate certificate;
  private final Clock clock;
  private final HistoryRing history;
  private final EventStream streams = new EventStream(MAX_STREAMS);
  private final ConsoleApi api;
  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final ObjectMapper json = new ObjectMapper();
  private HttpsServer server;
  private ExecutorService requests;
  private ScheduledExecutorService ticker;
  private ExecutorService sender;
  private final java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean();
  private long lastPointMillis;

  /** While {@code password} has no hash (no file yet), nobody can log in: the console is read-only. */
  public ConsoleServer(ConsoleSettings settings, ConsoleView view, ConsoleActions actions,
      ConsolePassword.Source password,
      ConsoleCertificate certificate, Clock clock, LongSupplier nanos) {
    this.settings = settings;
    this.view = view;
    this.certificate = certificate;
    this.clock = clock;
    this.history = new HistoryRing(view.historySeries(), settings.historyCapacity());
    this.api = new ConsoleApi(settings, view, actions, password, history, streams,
        new Sessions(settings.sessionIdle().toNanos(), nanos),
        new LoginThrottle(5, 20, TimeUnit.MINUTES.toNanos(5), nanos), json);
  }

  /** Binds and starts serving; throws if the address cannot be bound. */
  public synchronized void start() throws IOException {
    loadAssets();
    // A client that sends its request slower than this is cut off (a slow request would hold a thread).
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "20");
    }
    server = HttpsServer.create(new InetSocketAddress(settings.address(), settings.port()), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setSSLParameters(p);
      }
    });
    requests = Executors.newFixedThreadPool(3, named("console-http"));
    server.setExecutor(requests);
    server.createContext("/", this::asset);
    server.createContext("/api/", api::handle);
    server.start();
    ticker = Executors.newSingleThreadScheduledExecutor(named("console-history"));
    sender = Executors.newSingleThreadExecutor(named("console-stream"));
    ticker.scheduleAtFixedRate(this::everySecond, 0, 1, TimeUnit.SECONDS);
    Logger.info("web console on https://{}:{}/ (certificate SHA-256 {})", settings.address(), port(),
        ConsoleCertificate.fingerprint(certificate.leaf()));
  }

  /** The bound port (the configured one, or the one chosen for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** How many pages are streaming now. */
  public int streams() {
    return streams.size();
  }

  /**
   * The history's observation, then the live values to the streams on their own thread: a phone whose writes block
   * (gone without closing) delays only the streams, skipped while the previous round is still being written.
   */
  private void everySecond() {
    try {
      history.observe(view.historyValues());
      long now = clock.millis();
      if (lastPointMillis == 0 || now - lastPointMillis >= settings.historyEvery().toMillis()) {
        history.point(now);
        lastPointMillis = now;
      }
      if (streams.size() > 0 && sending.compareAndSet(false, true)) sender.execute(this::sendLive);
    } catch (RuntimeException e) {
      Logger.warn("web console history failed: {}", e.toString());
    }
  }

  private void sendLive() {
    try {
      streams.send(json.writeValueAsString(view.snapshot()));
    } catch (IOException | RuntimeException e) {
      Logger.warn("web console stream failed: {}", e.toString());
    } finally {
      sending.set(false);
    }
  }

  private void asset(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      Asset a = assets.get(path.equals("/") ? "/index.html" : path);
      ConsoleApi.securityHeaders(ex);
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
      } else if (a == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.getResponseHeaders().set("Content-Type", a.type());
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : a.bytes().length);
        if (ex.getRequestMethod().equals("GET")) ex.getResponseBody().write(a.bytes());
      }
    }
  }

  private void loadAssets() throws IOException {
    String html = "text/html; charset=utf-8";
    assets.put("/index.html", new Asset(html, resource("org/edgegateway/status/web/index.html")));
    assets.put("/console.js", new Asset("text/javascript; charset=utf-8",
        resource("org/edgegateway/status/web/console.js")));
    assets.put("/console.css", new Asset("text/css; charset=utf-8",
        resource("org/edgegateway/status/web/console.css")));
    Properties uplot = new Properties();
    try (InputStream in = loader().getResourceAsStream(UPLOT_PROPERTIES)) {
      if (in == null) throw new IOException("uPlot is missing from the jar (" + UPLOT_PROPERTIES + ")");
      uplot.load(in);
    }
    String dist = "META-INF/resources/webjars/uplot/" + uplot.getProperty("version") + "/dist/";
    assets.put("/uplot.js", new Asset("text/javascript; charset=utf-8", resource(dist + "uPlot.iife.min.js")));
    assets.put("/uplot.css", new Asset("text/css; charset=utf-8", resource(dist + "uPlot.min.css")));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = loader().getResourceAsStream(name)) {
      if (in == null) throw new IOException("console asset missing from the jar: " + name);
      return in.readAllBytes();
    }
  }

  private static ClassLoader loader() {
    return ConsoleServer.class.getClassLoader();
  }

  /** Stops serving and streaming within a second; idempotent. */
  @Override
  public synchronized void close() {
    if (ticker != null) ticker.shutdownNow();
    if (sender != null) sender.shutdownNow();
    streams.closeAll();
    if (server != null) server.stop(0);
    if (requests != null) requests.shutdownNow();
    server = null;
    ticker = null;
    sender = null;
    requests = null;
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private record Asset(String type, byte[] bytes) {}
}
