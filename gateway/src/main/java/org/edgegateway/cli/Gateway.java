// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.command.CommandHandler;
import org.edgegateway.command.CommandParser;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.ClockSanity;
import org.edgegateway.control.ControlLoop;
import org.edgegateway.control.Controller;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.control.StallInjection;
import org.edgegateway.control.StateFile;
import org.edgegateway.rules.SavedState;
import org.edgegateway.control.StallSupervisor;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.drivers.sim.SimWorld;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Sampler;
import org.edgegateway.sampling.Snapshot;
import org.edgegateway.status.SelfTelemetry;
import org.edgegateway.status.StatusLine;
import org.edgegateway.status.SystemdNotifier;
import org.edgegateway.uplink.UplinkTopic;
import org.tinylog.Logger;

/**
 * The one place that builds the gateway from its config and wires the parts: buffer, valves and safety, sensors
 * and sampler, control loop and its supervisor, uplink, status. Starts them in that order and stops them in
 * reverse, closing every valve first, within five seconds.
 */
public final class Gateway {
  private final GatewayConfig config;
  private final Clock clock;
  private final LongSupplier nanos;
  private final Deque<Step> stops = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final SystemdNotifier systemd;
  private volatile int exitCode;
  private volatile java.util.function.Consumer<String> statusListener = line -> {};
  private boolean stopping;
  private Hardware hardware;
  private Outbox outbox;
  private Safety safety;
  private Controller controller;
  private ControlLoop loop;
  private Sampler sampler;
  private volatile MqttLink mqtt;
  private volatile CoapLink coap;
  private volatile org.edgegateway.status.web.ConsoleServer console;
  private LatestValues latest;
  private CommandHandler commands;

  private Gateway(GatewayConfig config, Clock clock, LongSupplier nanos, SystemdNotifier systemd) {
    this.config = config;
    this.clock = clock;
    this.nanos = nanos;
    this.systemd = systemd;
  }

  /** Builds and starts everything without a service manager (tests, the demo in a terminal). */
  public static Gateway start(GatewayConfig config, Clock clock, LongSupplier nanos, long buildMillis)
      throws IOException {
    return start(config, clock, nanos, buildMillis, SystemdNotifier.disabled());
  }

  /**
   * Builds and starts everything; tells systemd READY once the control loop has ticked, and keeps its watchdog fed
   * only while ticks complete on time. On failure, stops what was started (valves closed) and rethrows.
   */
  public static Gateway start(GatewayConfig config, Clock clock, LongSupplier nanos, long buildMillis,
      SystemdNotifier systemd) throws IOException {
    Gateway g = new Gateway(config, clock, nanos, systemd);
    try {
      g.startAll(buildMillis);
    } catch (IOException | RuntimeException e) {
      g.stop(1);
      throw e;
    }
    return g;
  }

  private void startAll(long buildMillis) throws IOException {
    Files.createDirectories(config.gateway().stateDir());
    GatewayConfig.Buffer b = config.buffer();
    OutboxSettings defaults = OutboxSettings.defaults(b.file());
    outbox = SqliteOutbox.open(new OutboxSettings(b.file(), b.maxBytes(), b.maxRows(), b.maxAge(), b.eventReserve(),
        defaults.queueCapacity(), defaults.eventQueueCapacity(), defaults.commitInterval(), defaults.commitRows(),
        b.synchronousFull(), defaults.dropReportInterval()), clock, id -> { }, CoapLink.carriers(config));
    onStop("buffer", outbox::close);

    hardware = new Hardware(config, clock);
    onStop("devices", hardware::close);
    Map<String, ValveOutput> valves = hardware.valves();
    safety = new Safety(valves, config, clock, nanos, this::event);
    onStop("valves", () -> safety.closeAll("gateway stopping"));

    latest = new LatestValues();
    ClockSanity clockSanity = new ClockSanity(clock, buildMillis);
    sampler = new Sampler(clock, nanos, latest, outbox::offer);
    for (GatewayConfig.Sensor s : config.sensors()) sampler.add(s, hardware.sensor(s), clockSanity::plausible);
    sampler.start();
    onStop("sampler", sampler::close);

    LoopMetrics metrics = new LoopMetrics();
    controller = new Controller(config, new Snapshot(latest, config), safety, clock, clockSanity, this::event,
        metrics);
    controller.bufferFill(() -> {
      OutboxStats st = outbox.stats();
      return Math.max((double) st.stored() / b.maxRows(), (double) st.bytesOnDisk() / b.maxBytes());
    });
    StateFile stateFile = new StateFile(config.gateway().stateDir().resolve("state.json"));
    stateFile.read().ifPresent(s -> {
      controller.restore(s, nanos.getAsLong());
      Logger.info("restored zone and alert state saved at {}", java.time.Instant.ofEpochMilli(s.savedAtMillis()));
    });
    loop = new ControlLoop(config.loop().period(), StallInjection.maybeWrap(controller), nanos, metrics);
    loop.start();
    onStop("control loop", loop::close);
    startStateSaver(stateFile);
    StallSupervisor supervisor = StallSupervisor.closingValves(loop.metrics(), loop.periodNanos(), nanos, safety,
        this::event, clock);
    supervisor.start();
    onStop("loop supervisor", supervisor::close);

    commands = new CommandHandler(new CommandParser(config), controller, clock, clockSanity::plausible,
        ack -> mqtt.uplink().send(UplinkTopic.CMD_ACK, ack), this::statusNow);
    if (config.mqtt().isPresent()) {
      mqtt = new MqttLink(config, outbox.forUplink("mqtt"), clock, commands::handle);
      mqtt.start();
      onStop("uplink", mqtt::close);
    }
    startCoap();
    startConsole(clockSanity);
    startStatus();
    awaitFirstTick();
    startWatchdog();
    systemd.ready();
    systemd.status("running: " + config.sensors().size() + " sensors, " + config.zones().size() + " zones");
    Logger.info("gateway {} at site {} running: {} sensors, {} zones, loop every {} ms", config.gateway().id(),
        config.gateway().site(), config.sensors().size(), config.zones().size(), config.loop().period().toMillis());
  }

  private void awaitFirstTick() throws IOException {
    long deadline = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(5);
    while (loop.metrics().ticks() == 0) {
      if (nanos.getAsLong() > deadline) throw new IOException("control loop did not tick within 5 s of start");
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  /** WATCHDOG=1 at half systemd's interval, only while the loop is not stalled (as the stall supervisor sees it). */
  private void startWatchdog() {
    systemd.watchdogInterval().ifPresent(wd -> {
      ScheduledExecutorService ex = daemonExecutor("watchdog");
      ex.scheduleAtFixedRate(() -> {
        long last = loop.metrics().lastTickEndNanos();
        if (last != 0 && nanos.getAsLong() - last <= StallSupervisor.stallNanos(loop.periodNanos())) {
          systemd.watchdog();
        }
      }, 0, Math.max(1, wd.toMillis() / 2), TimeUnit.MILLISECONDS);
      onStop("watchdog", ex::shutdownNow);
    });
  }

  /** The CoAP uplink and the local CoAP server, when configured. */
  private void startCoap() throws IOException {
    if (config.coap().isPresent()) {
      coap = new CoapLink(config, outbox, clock, this::event);
      coap.start();
      onStop("coap uplink", coap::close);
    }
    if (config.localServer().isPresent()) {
      var server = CoapLink.localServer(config, this::status, controller, ch -> {
        LatestValues.Latest l = latest.get(ch);
        return l == null ? null : l.reading();
      });
      server.start();
      onStop("local CoAP server", server::close);
    }
  }

  /**
   * The on-site web console, when configured: read-only views of the status, zones, sensors and history, and
   * commissioning actions after a login (see ConsoleLink for where its zone test enters the control loop).
   */
  private void startConsole(ClockSanity clockSanity) {
    if (config.console().isEmpty()) return;
    ConsoleLink link = new ConsoleLink(config, this::status, controller, latest, sampler, clockSanity, this::event,
        clock, nanos);
    org.edgegateway.status.web.ConsoleServer server = null;
    try {
      server = link.server();
      server.start();
    } catch (IOException e) {
      // The valves and the data matter more than the page: run on without it, and say so.
      if (server != null) server.close();
      Logger.error("web console not started on {}:{}: {}", config.console().get().address(),
          config.console().get().port(), e.getMessage());
      return;
    }
    console = server;
    onStop("web console", server::close);
  }

  /** The web console's server, or null when it is off (tests read its port). */
  public org.edgegateway.status.web.ConsoleServer console() {
    return console;
  }

  /** The uplinks for the status: {@code mqtt online, 5 acked; coap offline (...)}, or {@code none}. */
  public String uplinks() {
    String m = mqtt == null ? null : mqtt.describe();
    String c = coap == null ? null : coap.describe();
    return m == null ? c == null ? "none" : c : c == null ? m : m + "; " + c;
  }

  /** Writes the controller's saved state every 10 s when it changed, and once more at stop. */
  private void startStateSaver(StateFile file) {
    ScheduledExecutorService ex = daemonExecutor("state-saver");
    Runnable save = new Runnable() {
      private SavedState last;

      @Override
      public void run() {
        if (mqtt != null) mqtt.saveSequence();
        if (coap != null) coap.saveSequence();
        SavedState s = controller.saved();
        if (s == null || (last != null && s.zones().equals(last.zones())
            && s.raisedAlerts().equals(last.raisedAlerts()))) {
          return;
        }
        try {
          file.write(s);
          last = s;
        } catch (IOException | RuntimeException e) {
          Logger.warn("cannot save zone state: {}", e.toString());
        }
      }
    };
    ex.scheduleWithFixedDelay(save, 10, 10, TimeUnit.SECONDS);
    onStop("state saver", () -> {
      // No interrupt: it would break a write in progress (a FileChannel closes when interrupted).
      ex.shutdown();
      ex.awaitTermination(2, TimeUnit.SECONDS);
      save.run();
    });
  }

  private void startStatus() {
    ScheduledExecutorService ex = daemonExecutor("status");
    long every = config.loop().statusEvery().toMillis();
    if (every > 0) ex.scheduleAtFixedRate(this::printStatus, every, every, TimeUnit.MILLISECONDS);
    ex.scheduleAtFixedRate(this::everyMinute, 60, 60, TimeUnit.SECONDS);
    onStop("status", ex::shutdownNow);
  }

  /** The status, also published as the retained status message (the {@code status} command asks for this). */
  public Map<String, Object> statusNow() {
    Map<String, Object> s = status();
    if (mqtt != null) mqtt.publishStatus(s);
    return s;
  }

  /** The gateway's own telemetry and the retained status message, once a minute. */
  private void everyMinute() {
    try {
      SelfTelemetry.readings(clock.millis(), loop.metrics().summary(), outbox.stats()).forEach(outbox::offer);
      if (mqtt != null) mqtt.publishStatus(status());
    } catch (RuntimeException e) {
      Logger.warn(e, "status publication failed");
    }
  }

  private void printStatus() {
    try {
      String line = statusLine();
      Logger.info(line);
      systemd.status(line);
      statusListener.accept(line);
    } catch (RuntimeException e) {
      Logger.warn(e, "status line failed");
    }
  }

  /** What the gateway knows about itself, for the {@code status} command and the local status server. */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", config.gateway().id());
    s.put("version", Version.version());
    s.put("zones", controller.view().stream().map(z -> Map.of("id", z.id(), "moisture",
        Double.isNaN(z.moisture()) ? z.moisture() : Math.round(z.moisture() * 100) / 100.0,
        "unit", z.unit(), "phase", z.phase().name().toLowerCase(java.util.Locale.ROOT), "valve", z.valveOpen() ? "open"
        : "closed", "reason", z.reason(), "todayOpenSeconds", z.todayOpenMillis() / 1000)).toList());
    OutboxStats b = outbox.stats();
    s.put("buffer", Map.of("events", b.storedEvents(), "telemetry", b.storedTelemetry(), "oldestMillis",
        b.oldestMillis(), "bytes", b.bytesOnDisk(), "dropped", b.dropped(), "writeErrors", b.writeErrors()));
    LoopMetrics.Summary l = loop.metrics().summary();
    s.put("loop", Map.of("ticks", l.ticks(), "overruns", l.overruns(), "latenessP99Micros", l.latenessMicros()[1],
        "latenessMaxMicros", l.latenessMicros()[3], "durationP99Micros", l.durationMicros()[1]));
    s.put("uplink", mqtt == null ? Map.of("phase", "none") : mqtt.figures());
    if (coap != null) s.put("coap", coap.describe());
    s.put("sensorErrors", sampler.errors());
    s.put("commands", commands.counts());
    return s;
  }

  /** Also hands every printed status line to {@code listener} (tests, the local status server). */
  public void onStatus(java.util.function.Consumer<String> listener) {
    this.statusListener = listener;
  }

  /** The status line as printed every few seconds. */
  public String statusLine() {
    return StatusLine.format(controller.view(), outbox.stats(), uplinks().equals("none") ? "no uplink" : uplinks(),
        loop.metrics().summary());
  }

  private void event(Event e) {
    if (e.severity() == Severity.INFO) {
      Logger.info("{} {}: {}", e.kind(), e.source(), e.message());
    } else {
      Logger.warn("{} {} {}: {}", e.severity().wireName(), e.kind(), e.source(), e.message());
    }
    outbox.offer(e);
  }

  /** Stops everything with exit code 0 (a requested stop); idempotent. */
  public void stop() {
    stop(0);
  }

  /** Reports a component's fatal failure: logs it, stops everything (valves first) and ends with exit code 1. */
  public void fatal(String component, Throwable cause) {
    Logger.error(cause, "fatal error in {}; stopping", component);
    stop(1);
  }

  private void stop(int code) {
    synchronized (this) {
      if (stopping) return;
      stopping = true;
      exitCode = code;
    }
    systemd.stopping();
    if (safety != null) safety.lockClosed("gateway stopping");
    while (!stops.isEmpty()) {
      Step s = stops.pop();
      try {
        s.action.run();
      } catch (Exception | LinkageError e) {
        Logger.error(e, "stopping {} failed", s.name);
        exitCode = Math.max(exitCode, 1);
      }
    }
    Logger.info("gateway stopped");
    stopped.countDown();
  }

  /** Blocks until the gateway stopped; returns its exit code (0 requested stop, 1 failure). */
  public int awaitStop() throws InterruptedException {
    stopped.await();
    return exitCode;
  }

  public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  private void onStop(String name, ThrowingRunnable action) {
    stops.push(new Step(name, action));
  }

  public GatewayConfig config() {
    return config;
  }

  public Outbox outbox() {
    return outbox;
  }

  public Controller controller() {
    return controller;
  }

  public ControlLoop loop() {
    return loop;
  }

  public Safety safety() {
    return safety;
  }

  /** The simulated world (valves, weather) of a demo or test config. */
  public SimWorld world() {
    return hardware.world();
  }

  /** Every valve output by id. */
  public Map<String, ValveOutput> valveOutputs() throws IOException {
    return hardware.valves();
  }

  private static ScheduledExecutorService daemonExecutor(String name) {
    return Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private record Step(String name, ThrowingRunnable action) {}
}
