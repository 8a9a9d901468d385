// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.time.LocalDate;
import java.time.LocalTime;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.config.TimeWindow;
import org.edgegateway.config.Units;

/**
 * Irrigation of one zone by need: start when the soil is drier than {@code start}, stop when it reaches
 * {@code stop} (hysteresis), within the allowed windows, between minimum and maximum run per cycle with a soak
 * between cycles, under the daily caps, and never in rain or frost. A plain function of (config, state, inputs,
 * time): no I/O, no threads, no clock of its own.
 */
public final class ZoneRule {
  private ZoneRule() {}

  /** Advances the zone by one tick of {@code dtNanos} ending at {@code nowNanos} and says what its valve should do. */
  public static Decision step(GatewayConfig.Zone z, ZoneState st, ZoneInputs in, long nowNanos, long dtNanos) {
    account(z, st, in, nowNanos, dtNanos);
    // Max-run bounds the valve's uninterrupted opening, whether the rule, a command or both keep it open.
    if (in.valveOpen() && st.episodeOpenNanos >= z.maxRun().toNanos()) {
      st.manualGrantedNanos = -1;
      endCycle(z, st, nowNanos);
      return st.decision(false);
    }
    if (st.holdActive(nowNanos)) {
      idle(st, "held closed by command");
      return st.decision(false);
    }
    if (st.holdUntilNanos != Long.MIN_VALUE) {
      st.holdUntilNanos = Long.MIN_VALUE;
      idle(st, "manual hold over");
    }
    if (st.manualActive()) {
      Decision d = manual(z, st, nowNanos);
      if (d != null) return d;
    }
    String blocker = blocker(z, st, in);
    double m = in.moisture();
    if (Double.isNaN(m)) return fallback(z, st, in, blocker);
    boolean moisture = z.sense() == GatewayConfig.Sense.MOISTURE;
    boolean dry = moisture ? m < z.start() : m > z.start();
    boolean wet = moisture ? m >= z.stop() : m <= z.stop();
    switch (st.phase) {
      case IDLE -> {
        if (dry && blocker == null) {
          begin(st, "soil " + fmt(m) + (moisture ? " below " : " above ") + "start " + fmt(z.start()));
        } else if (dry) {
          st.reason = "dry but " + blocker;
        }
      }
      case WATERING -> {
        if (blocker != null) {
          idle(st, blocker);
        } else if (wet && st.cycleOpenNanos >= z.minRun().toNanos()) {
          idle(st, "soil " + fmt(m) + " reached stop " + fmt(z.stop()));
        } else if (st.cycleOpenNanos >= z.maxRun().toNanos()) {
          // The cycle's open time, across interruptions (an emergency close, a valve fault) that end an episode.
          endCycle(z, st, nowNanos);
        }
      }
      case SOAKING -> {
        if (nowNanos >= st.soakUntilNanos && dry && blocker == null) {
          begin(st, "next cycle after soak; soil " + fmt(m));
        } else if (nowNanos >= st.soakUntilNanos) {
          idle(st, "soak over");
        }
      }
    }
    return st.decision(st.phase == ZoneState.Phase.WATERING);
  }

  /** Counts open time and water against today's caps, resetting them when the site's day changes. */
  private static void account(GatewayConfig.Zone z, ZoneState st, ZoneInputs in, long nowNanos, long dtNanos) {
    if (in.local() != null) {
      LocalDate today = in.local().toLocalDate();
      if (!today.equals(st.day)) {
        st.day = today;
        st.todayOpenNanos = 0;
        st.todayLitres = 0;
      }
    }
    if (in.valveOpen()) {
      st.cycleOpenNanos += dtNanos;
      st.todayOpenNanos += dtNanos;
      st.episodeOpenNanos += dtNanos;
      if (st.manualActive() && nowNanos - dtNanos >= st.manualSinceNanos) st.manualOpenNanos += dtNanos;
    } else {
      st.episodeOpenNanos = 0;
    }
    double flow = in.flowTotal();
    if (!Double.isNaN(flow)) {
      if (in.valveOpen() && !Double.isNaN(st.lastFlowTotal) && flow > st.lastFlowTotal) {
        st.todayLitres += flow - st.lastFlowTotal;
      }
      st.lastFlowTotal = flow;
    }
  }

  /** Why the zone may not water now, or null. */
  static String blocker(GatewayConfig.Zone z, ZoneState st, ZoneInputs in) {
    if (z.frost() != null && !(in.airTemperature() >= z.frost().below())) {
      return Double.isNaN(in.airTemperature()) ? "frost sensor unavailable" : "frost lockout ("
          + fmt(in.airTemperature()) + " °C below " + fmt(z.frost().below()) + ")";
    }
    if (z.rainSkip() != null && in.rainMm() > z.rainSkip().mm()) {
      return "rain skip (" + fmt(in.rainMm()) + " mm in " + Units.format(z.rainSkip().window()) + ")";
    }
    if (st.todayOpenNanos >= z.dailyMaxRun().toNanos()) return "daily run cap reached";
    if (st.todayLitres >= z.dailyMaxLitres()) return "daily water cap reached";
    if (in.local() == null) return "clock not synchronised";
    LocalTime t = in.local().toLocalTime();
    for (TimeWindow w : z.windows()) {
      if (w.contains(t)) return null;
    }
    return "outside watering windows";
  }

  /** The manual run's decision, or null when it just ended and the zone's own rule decides again. */
  private static Decision manual(GatewayConfig.Zone z, ZoneState st, long nowNanos) {
    if (st.todayOpenNanos >= z.dailyMaxRun().toNanos() || st.todayLitres >= z.dailyMaxLitres()) {
      st.manualGrantedNanos = -1;
      idle(st, "manual run ended: daily cap reached");
      return st.decision(false);
    }
    if (st.manualOpenNanos >= st.manualGrantedNanos) {
      st.manualGrantedNanos = -1;
      idle(st, "manual run over");
      return null;
    }
    if (st.phase == ZoneState.Phase.SOAKING && nowNanos < st.soakUntilNanos) {
      st.reason = "manual run queued: soaking";
      return st.decision(false);
    }
    st.phase = ZoneState.Phase.WATERING;
    st.reason = st.manualReason;
    return st.decision(true);
  }

  private static Decision fallback(GatewayConfig.Zone z, ZoneState st, ZoneInputs in, String blocker) {
    GatewayConfig.Fallback f = z.fallback();
    if (!"schedule".equals(f.mode()) || in.local() == null) {
      idle(st, "soil sensor stale or invalid; fallback: skip");
      return st.decision(false);
    }
    LocalDate today = in.local().toLocalDate();
    boolean due = !in.local().toLocalTime().isBefore(f.at()) && !today.equals(st.fallbackDay);
    if (st.phase != ZoneState.Phase.WATERING && due && blocker == null) {
      begin(st, "soil sensor stale or invalid; fallback schedule " + f.at());
      st.fallbackDay = today;
    } else if (st.phase == ZoneState.Phase.WATERING && (blocker != null || st.cycleOpenNanos >= f.run().toNanos())) {
      idle(st, blocker != null ? blocker : "fallback run of " + Units.format(f.run()) + " done");
    }
    return st.decision(st.phase == ZoneState.Phase.WATERING);
  }

  private static void begin(ZoneState st, String reason) {
    st.phase = ZoneState.Phase.WATERING;
    st.cycleOpenNanos = 0;
    st.reason = reason;
  }

  private static void idle(ZoneState st, String reason) {
    st.phase = ZoneState.Phase.IDLE;
    st.reason = reason;
  }

  private static void endCycle(GatewayConfig.Zone z, ZoneState st, long nowNanos) {
    if (z.soak().isZero()) {
      idle(st, "maximum run " + Units.format(z.maxRun()) + " reached");
    } else {
      st.phase = ZoneState.Phase.SOAKING;
      st.soakUntilNanos = nowNanos + z.soak().toNanos();
      st.reason = "soaking " + Units.format(z.soak()) + " after a run of " + Units.format(z.maxRun());
    }
  }

  static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
