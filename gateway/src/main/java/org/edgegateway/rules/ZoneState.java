// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.time.LocalDate;

/** What one zone is doing and what it used today; owned by the control loop, changed only by {@link ZoneRule}. */
public final class ZoneState {
  /** Idle (valve closed by choice), watering (valve wanted open), soaking (a pause between cycles). */
  public enum Phase { IDLE, WATERING, SOAKING }

  Phase phase = Phase.IDLE;
  long cycleOpenNanos;
  long soakUntilNanos;
  long todayOpenNanos;
  double todayLitres;
  double lastFlowTotal = Double.NaN;
  LocalDate day;
  LocalDate fallbackDay;
  long overrideUntilNanos = Long.MIN_VALUE;
  boolean overrideOpen;
  String reason = "starting";
  private Decision decision;

  /** The decision for the current reason; the same object while nothing changes (no allocation per tick). */
  Decision decision(boolean open) {
    if (decision == null || decision.open() != open || !decision.reason().equals(reason)) {
      decision = new Decision(open, reason);
    }
    return decision;
  }

  public Phase phase() {
    return phase;
  }

  public String reason() {
    return reason;
  }

  public long todayOpenMillis() {
    return todayOpenNanos / 1_000_000L;
  }

  public double todayLitres() {
    return todayLitres;
  }

  /** A manual override until {@code untilNanos}: open (within the zone's limits) or held closed. */
  public void override(boolean open, long untilNanos) {
    this.overrideOpen = open;
    this.overrideUntilNanos = untilNanos;
  }

  /** What a restart must keep; {@code nowNanos}/{@code nowMillis} convert the override's end to wall time. */
  public SavedState.Zone save(long nowNanos, long nowMillis) {
    long until = overrideActive(nowNanos) ? nowMillis + (overrideUntilNanos - nowNanos) / 1_000_000L : 0;
    return new SavedState.Zone(day == null ? null : day.toString(), todayOpenNanos / 1_000_000L, todayLitres, until,
        overrideOpen, fallbackDay == null ? null : fallbackDay.toString());
  }

  /** Takes back what {@link #save} kept; the zone starts idle. */
  public void restore(SavedState.Zone z, long nowNanos, long nowMillis) {
    day = z.day() == null ? null : LocalDate.parse(z.day());
    todayOpenNanos = z.todayOpenMillis() * 1_000_000L;
    todayLitres = z.todayLitres();
    fallbackDay = z.fallbackDay() == null ? null : LocalDate.parse(z.fallbackDay());
    if (z.overrideUntilMillis() > nowMillis) {
      overrideOpen = z.overrideOpen();
      overrideUntilNanos = nowNanos + (z.overrideUntilMillis() - nowMillis) * 1_000_000L;
    }
    phase = Phase.IDLE;
    reason = "restored after restart";
  }

  public boolean overrideActive(long nowNanos) {
    return overrideUntilNanos != Long.MIN_VALUE && nowNanos < overrideUntilNanos;
  }
}
