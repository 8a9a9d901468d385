// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import java.time.Duration;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.config.Units;

/**
 * Manual runs and holds of a zone by command, and what the zone's own limits leave for one: the max-run of the run
 * episode (the valve's uninterrupted opening, whatever drives it, so repeated or overlapping commands cannot extend
 * it), the soak after a run that reached max-run, and the daily caps. The valve's limits (max-open, min-pause,
 * max-concurrent) are Safety's; the control loop asks both before it grants a run. Plain functions on the loop
 * thread.
 */
public final class ManualRuns {
  /** Less than this left of the run in progress is not worth a grant: the ack says when to ask again. */
  public static final long MIN_GRANT_NANOS = 1_000_000_000L;

  private ManualRuns() {}

  /**
   * What zone {@code z} can grant a manual run of {@code want} asked at {@code nowNanos}, before the tick's rule
   * ran: {@code openForNanos} is how long its valve has been open without a break (0 when closed; the run then
   * continues that episode), {@code dtNanos} the time since the last tick, not yet counted in the day's use.
   */
  public static Grant grant(GatewayConfig.Zone z, ZoneState st, Duration want, long openForNanos, long nowNanos,
      long dtNanos) {
    boolean valveOpen = openForNanos > 0;
    long dailyLeft = z.dailyMaxRun().toNanos() - st.todayOpenNanos - (valveOpen ? dtNanos : 0);
    if (dailyLeft <= 0) return Grant.refused("daily run cap " + Units.format(z.dailyMaxRun()) + " reached");
    if (st.todayLitres >= z.dailyMaxLitres()) {
      return Grant.refused("daily water cap " + ZoneRule.fmt(z.dailyMaxLitres()) + " l reached");
    }
    long wantNanos = want.toNanos();
    long left = z.maxRun().toNanos();
    long notBefore = nowNanos;
    String note = null;
    if (valveOpen) {
      left -= openForNanos;
      if (left < MIN_GRANT_NANOS) {
        return Grant.refused("the run in progress reaches the zone's max-run " + Units.format(z.maxRun()) + " now"
            + (z.soak().isZero() ? "" : "; a new run can start after the soak of " + Units.format(z.soak())));
      }
      if (wantNanos > left) {
        note = "capped by the zone's max-run " + Units.format(z.maxRun()) + " for the run in progress";
      }
    } else {
      if (st.phase == ZoneState.Phase.SOAKING && st.soakUntilNanos > nowNanos) notBefore = st.soakUntilNanos;
      if (wantNanos > left) note = "capped by the zone's max-run " + Units.format(z.maxRun());
    }
    long granted = Math.min(wantNanos, left);
    if (dailyLeft < granted) {
      granted = dailyLeft;
      note = "capped by the zone's daily run cap " + Units.format(z.dailyMaxRun());
    }
    if (Double.isFinite(z.dailyMaxLitres())) {
      String water = "ends early if the daily water cap is reached (" + ZoneRule.fmt(z.dailyMaxLitres()
          - st.todayLitres) + " l left)";
      note = note == null ? water : note + "; " + water;
    }
    String delay = notBefore > nowNanos ? "soaking after a run of max-run " + Units.format(z.maxRun()) : null;
    return new Grant(granted, notBefore, null, note, delay);
  }

  /**
   * Starts (or replaces) the zone's manual run of {@code grantedNanos} open time from {@code nowNanos} on; ends any
   * hold.
   */
  public static void start(ZoneState st, long grantedNanos, String reason, long nowNanos) {
    st.holdUntilNanos = Long.MIN_VALUE;
    st.manualGrantedNanos = grantedNanos;
    st.manualOpenNanos = 0;
    st.manualSinceNanos = nowNanos;
    st.manualReason = reason;
  }

  /** Closes the zone now and keeps it closed until {@code untilNanos}; ends any manual run. */
  public static void hold(ZoneState st, long untilNanos, String reason) {
    st.manualGrantedNanos = -1;
    st.manualReason = null;
    st.holdUntilNanos = untilNanos;
    st.phase = ZoneState.Phase.IDLE;
    st.reason = reason;
  }

  /**
   * What the zone allows: {@code grantedNanos} of open time from {@code notBeforeNanos} on, or a {@code refusal}.
   * {@code note} says what capped the grant, {@code delay} what delays its start.
   */
  public record Grant(long grantedNanos, long notBeforeNanos, String refusal, String note, String delay) {
    static Grant refused(String why) {
      return new Grant(0, 0, why, null, null);
    }
  }
}
