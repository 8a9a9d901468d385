// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;

/**
 * Fault injection for tests of the packaged daemon: with the system property
 * {@code edgegateway.fault.stall-loop-after-ticks=N}, the control loop hangs in its (N+1)-th tick, as it would on a
 * driver call that never returns, so that tests can watch the stall supervisor close the valves and the systemd
 * watchdog pings stop. Never set in production; without the property this class is not used.
 */
public final class StallInjection implements ControlLoop.Tick {
  public static final String PROPERTY = "edgegateway.fault.stall-loop-after-ticks";

  private final ControlLoop.Tick inner;
  private final long stallAfter;
  private long ticks;

  private StallInjection(ControlLoop.Tick inner, long stallAfter) {
    this.inner = inner;
    this.stallAfter = stallAfter;
  }

  /** The tick itself, or one that stalls if the property asks for it. */
  public static ControlLoop.Tick maybeWrap(ControlLoop.Tick tick) {
    Long n = Long.getLong(PROPERTY);
    if (n == null) return tick;
    Logger.warn("fault injection: the control loop will stall after {} ticks ({})", n, PROPERTY);
    return new StallInjection(tick, n);
  }

  @Override
  public void run(long nowNanos, long dtNanos) {
    if (ticks++ < stallAfter) {
      inner.run(nowNanos, dtNanos);
      return;
    }
    Logger.warn("fault injection: control loop stalls now");
    while (!Thread.currentThread().isInterrupted()) LockSupport.park(this);
  }

  @Override
  public void failed(Throwable error) {
    inner.failed(error);
  }
}
