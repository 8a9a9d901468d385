// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.rules.AlertRule;
import org.edgegateway.rules.AlertState;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.Snapshot;

/**
 * Evaluates the configured alerts and the built-in clock alert every tick, turning each raise and clear into one
 * event (never a flood): {@code alert.raised} with the alert's severity, {@code alert.cleared} as info.
 */
final class Alerts {
  private static final long OVERRUN_QUIET_NANOS = 60_000_000_000L;

  private final GatewayConfig config;
  private final Snapshot snapshot;
  private final Safety safety;
  private final LoopMetrics metrics;
  private final Clock clock;
  private final java.util.function.Consumer<Event> events;
  private final Map<String, AlertState> states = new LinkedHashMap<>();
  private final Map<String, RateWindow> rates = new LinkedHashMap<>();
  private final Map<String, GatewayConfig.Alert> noHold = new LinkedHashMap<>();
  private final GatewayConfig.Alert clockAlert = new GatewayConfig.Alert("clock-unsynced", "clock", null,
      Double.NaN, Double.NaN, 0, java.time.Duration.ZERO, Severity.WARNING,
      "wall clock not plausible (not synchronised?): time-window watering is paused", null);
  private volatile DoubleSupplier bufferFill = () -> 0;
  private long seenOverruns;
  private long lastOverrunNanos = Long.MIN_VALUE;

  Alerts(GatewayConfig config, Snapshot snapshot, Safety safety, LoopMetrics metrics, Clock clock,
      java.util.function.Consumer<Event> events) {
    this.config = config;
    this.snapshot = snapshot;
    this.safety = safety;
    this.metrics = metrics;
    this.clock = clock;
    this.events = events;
    for (GatewayConfig.Alert a : config.alerts()) {
      states.put(a.id(), new AlertState());
      if (a.type().equals("rate")) rates.put(a.id(), new RateWindow(a.window().toNanos()));
      if (a.type().equals("valve-open")) noHold.put(a.id(), withoutHold(a));
    }
    states.put(clockAlert.id(), new AlertState());
  }

  /** The buffer's fill ratio (0..1) for {@code buffer-full} alerts. */
  void bufferFill(DoubleSupplier fill) {
    this.bufferFill = fill;
  }

  void evaluate(long nowNanos, boolean clockUnsynced) {
    long overruns = metrics.overruns();
    if (overruns > seenOverruns) {
      seenOverruns = overruns;
      lastOverrunNanos = nowNanos;
    }
    for (GatewayConfig.Alert a : config.alerts()) evaluate(a, nowNanos);
    transition(clockAlert, AlertRule.step(clockAlert, states.get(clockAlert.id()), clockUnsynced, !clockUnsynced,
        Double.NaN, nowNanos));
  }

  private void evaluate(GatewayConfig.Alert a, long nowNanos) {
    AlertState st = states.get(a.id());
    double v = a.channel() == null ? Double.NaN : snapshot.value(a.channel());
    boolean active;
    boolean clearable;
    switch (a.type()) {
      case "stale" -> {
        active = snapshot.isStale(a.channel());
        clearable = !active;
      }
      case "leak" -> {
        active = safety.openValves().isEmpty() && v > (Double.isNaN(a.above()) ? 0 : a.above());
        clearable = !active && !Double.isNaN(v);
      }
      case "no-flow" -> {
        active = !safety.openValves().isEmpty() && v <= (Double.isNaN(a.below()) ? 0 : a.below());
        clearable = !active && !Double.isNaN(v);
      }
      case "rate" -> {
        v = rates.get(a.id()).perHour(nowNanos, v);
        active = AlertRule.beyond(a, v, 0);
        clearable = !Double.isNaN(v) && !AlertRule.beyond(a, v, a.hysteresis());
      }
      case "valve-open" -> {
        // Its "for" is how long one valve may stay open, measured by the safety layer, not a hold time.
        long open = safety.longestOpenNanos(nowNanos);
        v = open / 1e9;
        active = open >= a.holdFor().toNanos();
        clearable = !active;
        transition(a, AlertRule.step(noHold.get(a.id()), st, active, clearable, v, nowNanos));
        return;
      }
      case "loop-overrun" -> {
        active = lastOverrunNanos != Long.MIN_VALUE && nowNanos - lastOverrunNanos < OVERRUN_QUIET_NANOS;
        v = metrics.overruns();
        clearable = !active;
      }
      case "buffer-full" -> {
        v = bufferFill.getAsDouble();
        active = v > (Double.isNaN(a.above()) ? 0.9 : a.above());
        clearable = !active;
      }
      default -> {
        active = AlertRule.beyond(a, v, 0);
        clearable = !Double.isNaN(v) && !AlertRule.beyond(a, v, a.hysteresis());
      }
    }
    transition(a, AlertRule.step(a, st, active, clearable, v, nowNanos));
  }

  private static GatewayConfig.Alert withoutHold(GatewayConfig.Alert a) {
    return new GatewayConfig.Alert(a.id(), a.type(), a.channel(), a.above(), a.below(), a.hysteresis(),
        java.time.Duration.ZERO, a.severity(), a.message(), a.window());
  }

  private void transition(GatewayConfig.Alert a, AlertRule.Transition t) {
    if (t == AlertRule.Transition.NONE) return;
    double v = states.get(a.id()).lastValue();
    String text = a.message().isEmpty() ? a.type() + " on " + a.channel() : a.message();
    if (t == AlertRule.Transition.RAISED) {
      events.accept(new Event(clock.millis(), "alert.raised", a.id(), a.severity(), text, v));
    } else {
      events.accept(new Event(clock.millis(), "alert.cleared", a.id(), Severity.INFO, "cleared: " + text, v));
    }
  }

  /** Ids of the alerts raised now. Loop thread only. */
  java.util.List<String> raised() {
    return states.entrySet().stream().filter(e -> e.getValue().raised()).map(Map.Entry::getKey).toList();
  }

  /** Marks these alerts raised again after a restart; unknown ids (config changed) are ignored. */
  void restore(java.util.List<String> raised) {
    for (String id : raised) {
      AlertState st = states.get(id);
      if (st != null) st.restoreRaised();
    }
  }
}
