// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.time.Clock;
import org.edgegateway.drivers.gpio.ValveOutput;

/** A simulated valve: remembers when it was open, so soil and flow meter can integrate over time. */
public final class SimValve implements ValveOutput {
  private final String id;
  private final Clock clock;
  private boolean open;
  private long openSince;
  private long openMillisBefore;
  private long switches;

  SimValve(String id, Clock clock) {
    this.id = id;
    this.clock = clock;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void setOpen(boolean open) {
    long now = clock.millis();
    if (open == this.open) return;
    if (open) {
      openSince = now;
    } else {
      openMillisBefore += now - openSince;
    }
    this.open = open;
    switches++;
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  /** Total time this valve has been open up to now, in milliseconds. */
  public synchronized long openMillis() {
    return openMillisBefore + (open ? clock.millis() - openSince : 0);
  }

  /** How often the valve changed state (for tests). */
  public synchronized long switches() {
    return switches;
  }

  @Override
  public void close() {
    setOpen(false);
  }
}
