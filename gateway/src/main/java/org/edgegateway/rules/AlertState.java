// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

/** Whether an alert is raised and since when its condition has held; owned by the control loop. */
public final class AlertState {
  boolean raised;
  long conditionSinceNanos = Long.MIN_VALUE;
  double lastValue = Double.NaN;

  /** Marks the alert as raised (restored after a restart), so it is not raised again, only cleared once. */
  public void restoreRaised() {
    raised = true;
  }

  public boolean raised() {
    return raised;
  }

  public double lastValue() {
    return lastValue;
  }
}
