// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import org.edgegateway.config.GatewayConfig;

/**
 * Raises an alert once when its condition has held for its hold time, and clears it once when the condition is
 * gone by more than the hysteresis. A plain function of (config, state, value, time); the caller turns the
 * transitions into events.
 */
public final class AlertRule {
  /** What changed at this tick. */
  public enum Transition { NONE, RAISED, CLEARED }

  private AlertRule() {}

  /**
   * @param active whether the alert's condition holds now (for threshold alerts use {@link #beyond})
   * @param clearable whether the condition is gone far enough to clear (past the hysteresis)
   */
  public static Transition step(GatewayConfig.Alert a, AlertState st, boolean active, boolean clearable,
      double value, long nowNanos) {
    st.lastValue = value;
    if (active) {
      if (st.conditionSinceNanos == Long.MIN_VALUE) st.conditionSinceNanos = nowNanos;
      if (!st.raised && nowNanos - st.conditionSinceNanos >= a.holdFor().toNanos()) {
        st.raised = true;
        return Transition.RAISED;
      }
      return Transition.NONE;
    }
    st.conditionSinceNanos = Long.MIN_VALUE;
    if (st.raised && clearable) {
      st.raised = false;
      return Transition.CLEARED;
    }
    return Transition.NONE;
  }

  /** True when {@code v} is beyond the alert's above/below limit, moved inwards by {@code margin}. */
  public static boolean beyond(GatewayConfig.Alert a, double v, double margin) {
    if (Double.isNaN(v)) return false;
    return (!Double.isNaN(a.above()) && v > a.above() - margin) || (!Double.isNaN(a.below()) && v < a.below() + margin);
  }
}
