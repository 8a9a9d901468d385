// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.ClockSanity;
import org.edgegateway.control.Controller;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.CommandService;
import org.edgegateway.command.Origin;
import org.edgegateway.data.PlainJson;
import org.edgegateway.data.Reading;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Sampler;
import org.edgegateway.status.CheckItem;
import org.edgegateway.status.web.ConsoleActions;
import org.edgegateway.status.web.ConsoleCertificate;
import org.edgegateway.status.web.ConsolePassword;
import org.edgegateway.status.web.ConsoleServer;
import org.edgegateway.status.web.ConsoleSettings;
import org.edgegateway.status.web.ConsoleView;
import org.tinylog.Logger;

/**
 * The web console's side of the gateway: its server built from the {@code console:} section, what it shows (read
 * from the controller, the latest readings, the sampler and the status), and its actions. A zone test is the
 * technician's {@code open-zone} through the one command path ({@link CommandService}): the control loop grants
 * what the zone's and the valve's limits allow and the ack says so.
 */
final class ConsoleLink implements ConsoleView, ConsoleActions {
  private final GatewayConfig config;
  private final Supplier<Map<String, Object>> status;
  private final Controller controller;
  private final LatestValues latest;
  private final Sampler sampler;
  private final ClockSanity clockSanity;
  private final CommandService commands;
  private final Clock clock;
  private final LongSupplier nanos;
  private final ZoneRuns runs;

  ConsoleLink(GatewayConfig config, Supplier<Map<String, Object>> status, Controller controller, LatestValues latest,
      Sampler sampler, ClockSanity clockSanity, CommandService commands, Clock clock, LongSupplier nanos) {
    this.config = config;
    this.status = status;
    this.controller = controller;
    this.latest = latest;
    this.sampler = sampler;
    this.clockSanity = clockSanity;
    this.commands = commands;
    this.clock = clock;
    this.nanos = nanos;
    this.runs = new ZoneRuns(config);
  }

  /** The console server; its certificate made in the state dir at first start when none is configured. */
  ConsoleServer server() throws IOException {
    GatewayConfig.Console c = config.console().orElseThrow();
    ConsoleCertificate cert = c.certFile() != null ? ConsoleCertificate.fromFiles(c.certFile(), c.keyFile())
        : ConsoleCertificate.selfSigned(config.gateway().stateDir(), "edge-gateway " + config.gateway().id(),
            hosts(c));
    if (cert.generated()) {
      Logger.info("web console: made a self-signed certificate, SHA-256 {}",
          ConsoleCertificate.fingerprint(cert.leaf()));
    }
    if (c.passwordFile() == null || !Files.exists(c.passwordFile())) {
      Logger.warn("web console is read-only until a password is set: edge-gateway console-password --config {}",
          config.file());
    }
    ConsolePassword.Source password = new ConsolePassword.Source(c.passwordFile());
    ConsoleSettings s = new ConsoleSettings(c.address(), c.port(), c.sessionIdle(), c.historyEvery(),
        c.maxTestSeconds());
    return new ConsoleServer(s, this, this, password, cert, clock, nanos);
  }

  private static List<String> hosts(GatewayConfig.Console c) {
    List<String> hosts = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    try {
      hosts.add(java.net.InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // No host name: the addresses still work.
    }
    if (!c.address().startsWith("0.") && !c.address().equals("::") && !hosts.contains(c.address())) {
      hosts.add(c.address());
    }
    return hosts;
  }

  /** The console's lines of {@code check}: where it listens, the certificate's fingerprint, the password file. */
  static List<CheckItem> checkItems(GatewayConfig config) {
    if (config.console().isEmpty()) {
      return List.of(new CheckItem("console", "web console", CheckItem.Verdict.SKIP,
          "off (no console: section with enabled: true)", ""));
    }
    GatewayConfig.Console c = config.console().get();
    List<CheckItem> out = new ArrayList<>();
    out.add(CheckItem.ok("console", "https://" + c.address() + ":" + c.port() + "/", "web console enabled"));
    try {
      X509Certificate cert = ConsoleCertificate.peek(c.certFile(), config.gateway().stateDir());
      out.add(cert == null
          ? new CheckItem("console", "certificate", CheckItem.Verdict.SKIP, "self-signed, made at the first start",
              "")
          : CheckItem.ok("console", "certificate", "SHA-256 " + ConsoleCertificate.fingerprint(cert)));
    } catch (IOException e) {
      out.add(CheckItem.fail("console", "certificate", e.getMessage(), "give a PEM certificate and a PKCS#8 key"));
    }
    if (c.passwordFile() == null || !Files.exists(c.passwordFile())) {
      out.add(new CheckItem("console", "password", CheckItem.Verdict.WARN, "no password file: the console is "
          + "read-only", "edge-gateway console-password --config " + config.file()));
    } else {
      try {
        ConsolePassword.read(c.passwordFile());
        out.add(CheckItem.ok("console", "password", "hash in " + c.passwordFile()));
      } catch (IOException e) {
        out.add(CheckItem.fail("console", "password", e.getMessage(), "edge-gateway console-password --config "
            + config.file()));
      }
    }
    return out;
  }

  @Override
  public Map<String, Object> snapshot() {
    Map<String, Object> s = new LinkedHashMap<>(status.get());
    s.put("site", config.gateway().site());
    s.put("zones", zones());
    s.put("sensors", sensors());
    s.put("alerts", alerts());
    s.put("clock", Map.of("plausible", clockSanity.plausible(), "nowMillis", clock.millis(),
        "timeZone", config.gateway().timeZone().getId()));
    s.put("loopPeriodMillis", config.loop().period().toMillis());
    s.remove("sensorErrors");
    return s;
  }

  private List<Map<String, Object>> zones() {
    var saved = controller.saved();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Controller.ZoneView v : controller.view()) {
      GatewayConfig.Zone z = config.zones().stream().filter(x -> x.id().equals(v.id())).findFirst().orElseThrow();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", v.id());
      m.put("moisture", finite(v.moisture()));
      m.put("unit", v.unit());
      m.put("startBelow", z.start());
      m.put("stopAbove", z.stop());
      m.put("tension", z.sense() == GatewayConfig.Sense.TENSION);
      m.put("valve", v.valveOpen() ? "open" : "closed");
      m.put("phase", v.phase().name().toLowerCase(Locale.ROOT));
      m.put("reason", v.reason());
      m.put("todayOpenSeconds", v.todayOpenMillis() / 1000);
      m.put("dailyMaxRunSeconds", z.dailyMaxRun() == null ? null : z.dailyMaxRun().toSeconds());
      var sz = saved == null ? null : saved.zones().get(v.id());
      m.put("todayLitres", sz == null ? null : Math.round(sz.todayLitres() * 10) / 10.0);
      m.put("dailyMaxLitres", finite(z.dailyMaxLitres()));
      m.put("maxRunSeconds", z.maxRun().toSeconds());
      runs.describe(v.id(), m);
      m.put("next", next(z, v));
      out.add(m);
    }
    return out;
  }

  private static String next(GatewayConfig.Zone z, Controller.ZoneView v) {
    if (v.valveOpen()) return "running now";
    if (v.phase().name().equals("SOAKING")) return "after the soak";
    String when = (z.sense() == GatewayConfig.Sense.TENSION ? "when above " : "when below ") + fmt(z.start())
        + " " + v.unit();
    List<String> windows = z.windows().stream().filter(w -> !w.start().equals(w.end())).map(Object::toString)
        .toList();
    return windows.isEmpty() ? when : when + ", in " + String.join(" or ", windows);
  }

  private List<Map<String, Object>> sensors() {
    long now = nanos.getAsLong();
    Map<String, Long> errors = sampler.errors();
    List<Map<String, Object>> out = new ArrayList<>();
    for (GatewayConfig.Sensor s : config.sensors()) {
      List<Map<String, Object>> channels = new ArrayList<>();
      for (GatewayConfig.Channel c : s.channels()) {
        LatestValues.Latest l = latest.get(c.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("value", l == null ? null : finite(l.reading().value()));
        m.put("unit", c.unit());
        m.put("quality", l == null ? "none yet" : l.reading().quality().wireName());
        m.put("ageSeconds", l == null ? null : Math.round((now - l.nanos()) / 1e8) / 10.0);
        m.put("errors", errors.getOrDefault(c.id(), 0L));
        channels.add(m);
      }
      out.add(Map.of("id", s.id(), "type", s.driver().type(), "channels", channels));
    }
    return out;
  }

  private List<Map<String, Object>> alerts() {
    var saved = controller.saved();
    List<Map<String, Object>> out = new ArrayList<>();
    if (saved == null) return out;
    for (String id : saved.raisedAlerts()) {
      GatewayConfig.Alert a = config.alerts().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
      out.add(Map.of("id", id, "severity", a == null ? "critical" : a.severity().wireName(),
          "message", a == null || a.message() == null ? id : a.message()));
    }
    return out;
  }

  @Override
  public Map<String, HistoryFold> historySeries() {
    Map<String, HistoryFold> m = new LinkedHashMap<>();
    for (GatewayConfig.Zone z : config.zones()) {
      m.put(z.id() + ".moisture", HistoryFold.LAST);
      m.put(z.id() + ".valve", HistoryFold.MAX);
      if (z.flowChannel() != null) m.put(z.id() + ".flow", HistoryFold.LAST);
    }
    return m;
  }

  @Override
  public double[] historyValues() {
    List<Controller.ZoneView> views = controller.view();
    runs.observe(views, clock.millis());
    double[] v = new double[historySeries().size()];
    int i = 0;
    for (GatewayConfig.Zone z : config.zones()) {
      Controller.ZoneView view = views.stream().filter(x -> x.id().equals(z.id())).findFirst().orElse(null);
      v[i++] = view == null ? Double.NaN : view.moisture();
      v[i++] = view == null ? Double.NaN : view.valveOpen() ? 1 : 0;
      if (z.flowChannel() != null) v[i++] = litresPerMinute(z.flowChannel());
    }
    return v;
  }

  /** The flow meter's rate (its {@code .rate} channel beside the zone's total) in l/min. */
  private double litresPerMinute(String totalChannel) {
    String rate = totalChannel.substring(0, totalChannel.lastIndexOf('.') + 1) + "rate";
    LatestValues.Latest l = latest.get(rate);
    if (l == null || !l.reading().isUsable()) return Double.NaN;
    return "l/s".equals(l.reading().unit()) ? l.reading().value() * 60 : l.reading().value();
  }

  // ---- actions ----

  /** Through the one command path, as the technician's command; the page shows the ack as it is. */
  @Override
  public CompletableFuture<Map<String, Object>> testZone(String zone, Duration want, String technician) {
    return commands.submit(Origin.technician("web", technician), new Command.OpenZone(zone, want))
        .thenApply(ConsoleLink::ackMap);
  }

  /** The ack as the JSON object of {@code cmd-ack}, as a map. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> ackMap(Ack ack) {
    try {
      return PlainJson.MAPPER.readValue(CommandService.json(ack), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("ack to a map", e);
    }
  }

  @Override
  public CompletableFuture<Map<String, Object>> readSensor(String sensor, String technician) {
    Logger.info("web console: technician '{}' reads sensor {}", technician, sensor);
    return sampler.readNow(sensor).thenApply(readings -> {
      List<Map<String, Object>> values = new ArrayList<>();
      for (Reading r : readings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", r.channel());
        m.put("value", finite(r.value()));
        m.put("unit", r.unit());
        m.put("quality", r.quality().wireName());
        values.add(m);
      }
      return Map.<String, Object>of("result", "accepted", "sensor", sensor, "readings", values);
    }).exceptionally(e -> rejected(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()));
  }

  @Override
  public CompletableFuture<Map<String, Object>> check(String technician) {
    Logger.info("web console: technician '{}' runs the check", technician);
    return CompletableFuture.supplyAsync(() -> {
      List<CheckItem> items = new Check(config).runBesideGateway();
      long failed = items.stream().filter(i -> i.verdict() == CheckItem.Verdict.FAIL).count();
      return Map.of("result", "accepted", "items", items, "failed", failed, "at",
          Instant.ofEpochMilli(clock.millis()).toString());
    });
  }

  private static Map<String, Object> rejected(String reason) {
    return Map.of("result", "rejected", "reason", reason == null ? "failed" : reason);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
