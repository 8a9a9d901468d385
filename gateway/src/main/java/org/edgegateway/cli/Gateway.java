// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.command.CommandParser;
import org.edgegateway.command.CommandService;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.ClockSanity;
import org.edgegateway.control.ControlLoop;
import org.edgegateway.control.Controller;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.control.LoopWatchdog;
import org.edgegateway.control.StallInjection;
import org.edgegateway.control.StallSupervisor;
import org.edgegateway.control.StateFile;
import org.edgegateway.control.StateSaver;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.drivers.sim.SimWorld;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Sampler;
import org.edgegateway.sampling.Snapshot;
import org.edgegateway.status.GatewayStatus;
import org.edgegateway.status.StatusSchedule;
import org.edgegateway.status.SystemdNotifier;
import org.edgegateway.status.web.ConsoleServer;
import org.edgegateway.uplink.UplinkLink;
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
  private final List<UplinkLink> links = new CopyOnWriteArrayList<>();
  private volatile int exitCode;
  private boolean stopping;
  private Hardware hardware;
  private Outbox outbox;
  private Safety safety;
  private Controller controller;
  private ControlLoop loop;
  private Sampler sampler;
  /** The link that carries commands and their acks (MQTT), or null. */
  private volatile UplinkLink commandLink;
  private volatile ConsoleServer console;
  private LatestValues latest;
  private CommandService commands;
  private GatewayStatus report;
  private StatusSchedule schedule;

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
    } catch (IOException | RuntimeException | LinkageError e) {
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
        b.synchronousFull(), defaults.dropReportInterval()), clock, id -> { }, Uplinks.carriers(config));
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
      Logger.info("restored zone and alert state saved at {}", Instant.ofEpochMilli(s.savedAtMillis()));
    });
    loop = new ControlLoop(config.loop().period(), StallInjection.maybeWrap(controller), nanos, metrics);
    loop.start();
    onStop("control loop", loop::close);
    StateSaver saver = new StateSaver(stateFile, controller::saved, () -> links.forEach(UplinkLink::saveSequence));
    saver.start();
    onStop("state saver", saver::close);
    StallSupervisor supervisor = StallSupervisor.closingValves(loop.metrics(), loop.periodNanos(), nanos, safety,
        this::event, clock);
    supervisor.start();
    onStop("loop supervisor", supervisor::close);

    commands = new CommandService(new CommandParser(config), controller::submit, clock, clockSanity::plausible,
        this::event, this::statusNow);
    onStop("commands", commands::close);
    commands.mqttAcks(ack -> {
      UplinkLink link = commandLink;
      if (link != null) link.uplink().send(UplinkTopic.CMD_ACK, ack);
    });
    report = new GatewayStatus(config.gateway().id(), Version.version(), controller, outbox, metrics, links,
        sampler::errors, commands::counts, hardware::lineNoise);
    startUplinks();
    startLocalServer();
    startConsole(clockSanity);
    schedule = new StatusSchedule(report, systemd, outbox, metrics, clock);
    schedule.start(config.loop().statusEvery());
    onStop("status", schedule::close);
    awaitFirstTick();
    systemd.watchdogInterval().ifPresent(interval -> {
      LoopWatchdog watchdog = new LoopWatchdog(metrics, loop.periodNanos(), nanos, systemd::watchdog);
      watchdog.start(interval);
      onStop("watchdog", watchdog::close);
    });
    systemd.ready();
    systemd.status("running: " + config.sensors().size() + " sensors, " + config.zones().size() + " zones");
    Logger.info("gateway {} at site {} running: {} sensors, {} zones, loop every {} ms", config.gateway().id(),
        config.gateway().site(), config.sensors().size(), config.zones().size(), config.loop().period().toMillis());
  }

  private void awaitFirstTick() throws IOException {
    long deadline = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(5);
    while (loop.metrics().ticks() == 0) {
      if (nanos.getAsLong() > deadline) throw new IOException("control loop did not tick within 5 s of start");
      LockSupport.parkNanos(1_000_000L);
    }
  }

  /** Every configured uplink, in config order (MQTT first). */
  private void startUplinks() throws IOException {
    Uplinks.Wiring wiring = new Uplinks.Wiring(config, outbox, clock, commands::handle, this::event);
    for (Uplinks.Planned p : Uplinks.planned(config)) {
      UplinkLink link = p.build().build(wiring);
      // The link that publishes the status is the one commands come down and their acks go up (MQTT).
      if (link.publishesStatus() && commandLink == null) commandLink = link;
      links.add(link);
      link.start();
      onStop(p.name() + " uplink", link::close);
    }
  }

  /** The local CoAP server, when configured. */
  private void startLocalServer() throws IOException {
    if (config.localServer().isPresent()) {
      var server = ServedGateway.localServer(config, this::status, controller, commands, ch -> {
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
    ConsoleLink link = new ConsoleLink(config, this::status, controller, latest, sampler, clockSanity, commands,
        clock, nanos);
    ConsoleServer server = null;
    try {
      server = link.server();
      server.start();
    } catch (IOException | RuntimeException | LinkageError e) {
      // The valves and the data matter more than the page: run on without it, and say so. Not only I/O errors:
      // a JDK whose crypto cannot start (ExceptionInInitializerError from javax.crypto, seen on armhf under qemu) or
      // a certificate the JDK refuses must not stop the loop.
      if (server != null) server.close();
      Logger.error("web console not started on {}:{}, the gateway runs on without it: {}",
          config.console().get().address(), config.console().get().port(), rootCause(e));
      return;
    }
    console = server;
    onStop("web console", server::close);
  }

  /** {@code e} and its causes in one line, for a log line that names what really failed. */
  static String rootCause(Throwable e) {
    StringBuilder b = new StringBuilder(e.toString());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append("; caused by ").append(c);
    }
    return b.toString();
  }

  /** The web console's server, or null when it is off (tests read its port). */
  public ConsoleServer console() {
    return console;
  }

  /** The uplinks for the status: {@code mqtt online, 5 acked; coap offline (...)}, or {@code none}. */
  public String uplinks() {
    return report.uplinks();
  }

  /** The status, also published as the retained status message (the {@code status} command asks for this). */
  public Map<String, Object> statusNow() {
    return report.publish();
  }

  /** What the gateway knows about itself, for the {@code status} command and the local status server. */
  public Map<String, Object> status() {
    return report.status();
  }

  /** Also hands every printed status line to {@code listener} (tests, the local status server). */
  public void onStatus(Consumer<String> listener) {
    schedule.onLine(listener);
  }

  /** The status line as printed every few seconds. */
  public String statusLine() {
    return report.line();
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

  /** The one command path (tests, local consoles). */
  public CommandService commands() {
    return commands;
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

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private record Step(String name, ThrowingRunnable action) {}
}
