// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.time.LocalDate;

/**
 * What one zone is doing and what it used today; owned by the control loop, changed only by {@link ZoneRule} and
 * {@link ManualRuns}.
 */
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
  /** Open time of the valve's current uninterrupted opening, whatever drives it: the run episode max-run bounds. */
  long episodeOpenNanos;
  /** The end of a hold (closed by command), or {@code Long.MIN_VALUE}. */
  long holdUntilNanos = Long.MIN_VALUE;
  /** The valve-open time granted to the manual run, or -1 without one; counts open time only. */
  long manualGrantedNanos = -1;
  long manualOpenNanos;
  /** When the manual run was granted: open time before it (the tick that applied the command) is not its own. */
  long manualSinceNanos;
  String manualReason;
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

  /** True while a manual run (by command) is granted and not finished, queued ones included. */
  public boolean manualActive() {
    return manualGrantedNanos >= 0;
  }

  /** Open time of the valve's current uninterrupted opening (0 while closed). */
  public long episodeOpenNanos() {
    return episodeOpenNanos;
  }

  public boolean holdActive(long nowNanos) {
    return holdUntilNanos != Long.MIN_VALUE && nowNanos < holdUntilNanos;
  }

  /**
   * What a restart must keep; {@code nowNanos}/{@code nowMillis} turn ends into wall time. A manual run is kept
   * as {@code overrideOpen} with the end it would reach running from now on; a hold with its end.
   */
  public SavedState.Zone save(long nowNanos, long nowMillis) {
    long until = 0;
    boolean open = false;
    if (manualActive()) {
      until = nowMillis + (manualGrantedNanos - manualOpenNanos) / 1_000_000L;
      open = true;
    } else if (holdActive(nowNanos)) {
      until = nowMillis + (holdUntilNanos - nowNanos) / 1_000_000L;
    }
    return new SavedState.Zone(day == null ? null : day.toString(), todayOpenNanos / 1_000_000L, todayLitres, until,
        open, fallbackDay == null ? null : fallbackDay.toString());
  }

  /** Takes back what {@link #save} kept; the zone starts idle, a manual run resumes with the open time left. */
  public void restore(SavedState.Zone z, long nowNanos, long nowMillis) {
    day = z.day() == null ? null : LocalDate.parse(z.day());
    todayOpenNanos = z.todayOpenMillis() * 1_000_000L;
    todayLitres = z.todayLitres();
    fallbackDay = z.fallbackDay() == null ? null : LocalDate.parse(z.fallbackDay());
    if (z.overrideUntilMillis() > nowMillis) {
      long left = (z.overrideUntilMillis() - nowMillis) * 1_000_000L;
      if (z.overrideOpen()) {
        ManualRuns.start(this, left, "manual run resumed after a restart", nowNanos);
      } else {
        holdUntilNanos = nowNanos + left;
      }
    }
    phase = Phase.IDLE;
    reason = "restored after restart";
  }
}
