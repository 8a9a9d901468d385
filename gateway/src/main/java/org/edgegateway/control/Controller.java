// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.edgegateway.command.Pending;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.rules.Decision;
import org.edgegateway.rules.SavedState;
import org.edgegateway.rules.ZoneInputs;
import org.edgegateway.rules.ZoneRule;
import org.edgegateway.rules.ZoneState;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.Snapshot;
import org.tinylog.Logger;

/**
 * The body of each control-loop tick: apply queued commands ({@link Commands}), evaluate every zone's rule on the
 * snapshot, hand the valve wishes to {@link Safety}, and evaluate the alerts. A rule that throws closes its own
 * zone's valve and raises an alert; a command that throws is rejected alone; anything else that throws is handled
 * by {@link #failed}, which closes every valve.
 */
public final class Controller implements ControlLoop.Tick {
  private static final long SAVE_EVERY_NANOS = 1_000_000_000L;

  private final GatewayConfig config;
  private final Snapshot snapshot;
  private final Safety safety;
  private final Clock clock;
  private final ClockSanity clockSanity;
  private final Consumer<Event> events;
  private final Alerts alerts;
  private final Map<String, ZoneState> zones = new LinkedHashMap<>();
  private final Map<String, GatewayConfig.Zone> effective = new LinkedHashMap<>();
  private final Map<String, RainHistory> rain = new HashMap<>();
  private final Map<String, String> ruleErrors = new HashMap<>();
  private final Map<String, Double> percentScale = new HashMap<>();
  private final Queue<Pending> commands = new ConcurrentLinkedQueue<>();
  private final Commands applier;
  private final Map<String, String> wanted = new HashMap<>();
  private final Map<String, String> closeReasons = new HashMap<>();
  private final Set<String> reserved = new HashSet<>();
  private volatile List<ZoneView> view = List.of();
  private ZoneView[] views = new ZoneView[0];
  private final Clock localClock;
  private volatile SavedState saved;
  private ZoneRuleFunction rule = ZoneRule::step;
  private long savedAtNanos;
  private long nowNanos;
  private String lastFailure;

  public Controller(GatewayConfig config, Snapshot snapshot, Safety safety, Clock clock, ClockSanity clockSanity,
      Consumer<Event> events, LoopMetrics metrics) {
    this.config = config;
    this.snapshot = snapshot;
    this.safety = safety;
    this.clock = clock;
    this.clockSanity = clockSanity;
    this.events = events;
    this.alerts = new Alerts(config, snapshot, safety, metrics, clock, events);
    this.localClock = clock.withZone(config.gateway().timeZone());
    // Moisture thresholds are in % VWC; probes report the SenML ratio "/" (m3/m3).
    config.channels().stream().filter(c -> c.unit().equals("/")).forEach(c -> percentScale.put(c.id(), 100.0));
    for (GatewayConfig.Zone z : config.zones()) {
      effective.put(z.id(), z);
      zones.put(z.id(), new ZoneState());
      if (z.rainSkip() != null) rain.put(z.id(), new RainHistory(z.rainSkip().window().toNanos()));
    }
    this.applier = new Commands(effective, zones, safety, reserved, clock);
  }

  /**
   * Queues a command for the loop thread, which applies it at the start of the next tick and completes it with
   * its ack. Non-blocking; safe from any thread.
   */
  public void submit(Pending command) {
    commands.add(command);
  }

  /** Where the {@code buffer-full} alerts read the buffer's fill ratio (0 to 1) from. */
  public void bufferFill(java.util.function.DoubleSupplier fill) {
    alerts.bufferFill(fill);
  }

  /** The monotonic time of the current tick; only from the loop thread. */
  public long nowNanos() {
    return nowNanos;
  }

  /** What a restart must keep, at most a second old; safe from any thread. Null before the first tick. */
  public SavedState saved() {
    return saved;
  }

  private SavedState save(long nowNanos) {
    long millis = clock.millis();
    Map<String, SavedState.Zone> z = new LinkedHashMap<>();
    zones.forEach((id, st) -> z.put(id, st.save(nowNanos, millis)));
    return new SavedState(millis, z, alerts.raised());
  }

  /** Restores saved zone and alert state; call before the loop starts (or from a submitted command). */
  public void restore(SavedState s, long nowNanos) {
    long millis = clock.millis();
    s.zones().forEach((id, z) -> {
      ZoneState st = zones.get(id);
      if (st != null) st.restore(z, nowNanos, millis);
    });
    alerts.restore(s.raisedAlerts());
  }

  /** What each zone is doing, as of the last completed tick; safe from any thread. */
  public List<ZoneView> view() {
    return view;
  }

  @Override
  public void run(long nowNanos, long dtNanos) {
    this.nowNanos = nowNanos;
    snapshot.at(nowNanos);
    long jump = clockSanity.check(nowNanos);
    if (jump != 0) {
      report("clock.jumped", "clock", Severity.WARNING, "wall clock jumped by " + jump / 1000 + " s", jump / 1000.0);
    }
    for (Pending c; (c = commands.poll()) != null; ) applier.apply(c, nowNanos, dtNanos);
    ZonedDateTime local = clockSanity.plausible() ? ZonedDateTime.now(localClock) : null;
    // Every zone puts its valve into exactly one of the two maps at every tick (a valve belongs to one zone), so
    // they need no clearing, and a valve that stays wanted or unwanted costs no new map entry.
    if (views.length != effective.size()) views = new ZoneView[effective.size()];
    boolean changed = false;
    int i = 0;
    for (GatewayConfig.Zone z : effective.values()) {
      ZoneView v = evaluate(z, local, nowNanos, dtNanos, views[i]);
      changed |= v != views[i];
      views[i++] = v;
    }
    safety.apply(wanted, closeReasons, reserved, nowNanos);
    alerts.evaluate(nowNanos, local == null);
    if (changed) view = List.of(views);
    // By time, not by tick count: a fast loop (10 ms) would otherwise build the saved state ten times a second.
    if (saved == null || nowNanos - savedAtNanos >= SAVE_EVERY_NANOS) {
      saved = save(nowNanos);
      savedAtNanos = nowNanos;
    }
    if (lastFailure != null) {
      report("alert.cleared", "loop-error", Severity.INFO, "cleared: control loop ticks without error", Double.NaN);
    }
    lastFailure = null;
  }

  /** Runs a zone's rule; returns {@code previous} when the zone's view did not change. */
  private ZoneView evaluate(GatewayConfig.Zone z, ZonedDateTime local, long nowNanos, long dtNanos,
      ZoneView previous) {
    ZoneState st = zones.get(z.id());
    double moisture = Double.NaN;
    try {
      moisture = combined(z);
      ZoneInputs in = new ZoneInputs(moisture, safety.isOpen(z.valve()), local, value(z.flowChannel()),
          rainMm(z, nowNanos), z.frost() == null ? Double.NaN : snapshot.value(z.frost().channel()));
      Decision d = rule.step(z, st, in, nowNanos, dtNanos);
      wish(z.valve(), d.open(), d.reason());
      if (st.manualActive()) reserved.add(z.valve());
      else reserved.remove(z.valve());
      if (ruleErrors.remove(z.id()) != null) {
        report("alert.cleared", "rule-error:" + z.id(), Severity.INFO, "cleared: zone " + z.id() + " rule runs again",
            Double.NaN);
      }
    } catch (RuntimeException e) {
      wish(z.valve(), false, "rule error");
      reserved.remove(z.valve());
      if (ruleErrors.put(z.id(), e.toString()) == null) {
        Logger.error(e, "rule of zone {} failed; its valve stays closed", z.id());
        report("alert.raised", "rule-error:" + z.id(), Severity.CRITICAL, "zone " + z.id() + " rule failed, its "
            + "valve closed: " + e, Double.NaN);
      }
    }
    boolean open = safety.isOpen(z.valve());
    if (previous != null && Double.compare(previous.moisture(), moisture) == 0 && previous.phase() == st.phase()
        && previous.valveOpen() == open && previous.reason().equals(st.reason())
        && previous.todayOpenMillis() == st.todayOpenMillis()) {
      return previous;
    }
    return new ZoneView(z.id(), moisture, z.sense() == GatewayConfig.Sense.MOISTURE ? "%" : "kPa", st.phase(),
        open, st.reason(), st.todayOpenMillis());
  }

  private void wish(String valve, boolean open, String reason) {
    (open ? closeReasons : wanted).remove(valve);
    (open ? wanted : closeReasons).put(valve, reason);
  }

  private double combined(GatewayConfig.Zone z) {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (String ch : z.channels()) {
      Double scale = percentScale.get(ch); // not getOrDefault(ch, 1.0): that boxes 1.0 at every call
      double v = snapshot.value(ch) * (scale == null ? 1.0 : scale);
      if (Double.isNaN(v)) continue;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
      n++;
    }
    if (n == 0) return Double.NaN;
    return switch (z.combine()) {
      case "min" -> min;
      case "max" -> max;
      default -> sum / n;
    };
  }

  private double rainMm(GatewayConfig.Zone z, long nowNanos) {
    if (z.rainSkip() == null) return Double.NaN;
    double total = snapshot.value(z.rainSkip().channel());
    RainHistory h = rain.get(z.id());
    h.record(nowNanos, total);
    return h.within(nowNanos, z.rainSkip().window().toNanos(), total);
  }

  private double value(String channel) {
    return channel == null ? Double.NaN : snapshot.value(channel);
  }

  @Override
  public void failed(Throwable error) {
    safety.emergencyClose("control loop error: " + error);
    String msg = error.toString();
    if (lastFailure == null) {
      Logger.error(error, "control loop tick failed; all valves closed");
      report("alert.raised", "loop-error", Severity.CRITICAL, "control loop tick failed, all valves closed: " + msg,
          Double.NaN);
    }
    lastFailure = msg;
  }

  private void report(String kind, String source, Severity severity, String message, double value) {
    events.accept(new Event(clock.millis(), kind, source, severity, message, value));
  }

  /** Replaces the zone rule (tests inject failing rules through this). */
  void useRule(ZoneRuleFunction rule) {
    this.rule = rule;
  }

  /** The signature of {@link ZoneRule#step}. */
  @FunctionalInterface
  interface ZoneRuleFunction {
    Decision step(GatewayConfig.Zone z, ZoneState st, ZoneInputs in, long nowNanos, long dtNanos);
  }

  /** One zone as the status line and the status message show it. */
  public record ZoneView(String id, double moisture, String unit, ZoneState.Phase phase, boolean valveOpen,
      String reason,
      long todayOpenMillis) {}
}
