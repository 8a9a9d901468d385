// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * A separate thread that watches the control loop: when no tick has completed for three periods, it calls
 * {@code onStall} once (which closes every valve without waiting for the loop), and {@code onRecover} once when
 * ticks complete again.
 */
public final class StallSupervisor implements AutoCloseable {
  private final LoopMetrics metrics;
  private final long periodNanos;
  private final LongSupplier nanos;
  private final Runnable onStall;
  private final Runnable onRecover;
  private final long startNanos;
  private volatile boolean running = true;
  private final Thread thread;

  public StallSupervisor(LoopMetrics metrics, long periodNanos, LongSupplier nanos, Runnable onStall,
      Runnable onRecover) {
    this.metrics = metrics;
    this.periodNanos = periodNanos;
    this.nanos = nanos;
    this.onStall = onStall;
    this.onRecover = onRecover;
    this.startNanos = nanos.getAsLong();
    this.thread = new Thread(this::watch, "loop-supervisor");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
  }

  /**
   * The gateway's supervisor: on a stall it closes every valve (without the safety lock) and raises the critical
   * alert {@code loop-stalled}; when ticks complete again it clears the alert.
   */
  public static StallSupervisor closingValves(LoopMetrics metrics, long periodNanos, LongSupplier nanos,
      org.edgegateway.safety.Safety safety, java.util.function.Consumer<org.edgegateway.data.Event> events,
      java.time.Clock clock) {
    return new StallSupervisor(metrics, periodNanos, nanos, () -> {
      safety.emergencyClose("control loop stalled");
      events.accept(new org.edgegateway.data.Event(clock.millis(), "alert.raised", "loop-stalled",
          org.edgegateway.data.Severity.CRITICAL, "control loop stalled: no tick for 3 periods; all valves closed",
          Double.NaN));
    }, () -> events.accept(new org.edgegateway.data.Event(clock.millis(), "alert.cleared", "loop-stalled",
        org.edgegateway.data.Severity.INFO, "cleared: control loop ticking again", Double.NaN)));
  }

  public void start() {
    thread.start();
  }

  private void watch() {
    boolean stalled = false;
    while (running) {
      LockSupport.parkNanos(Math.max(1_000_000L, periodNanos / 4));
      if (!running) break;
      long last = metrics.lastTickEndNanos();
      long since = nanos.getAsLong() - (last == 0 ? startNanos : last);
      if (!stalled && since > 3 * periodNanos) {
        stalled = true;
        Logger.error("control loop stalled: no tick completed for {} ms; closing all valves", since / 1_000_000L);
        safely(onStall);
      } else if (stalled && since <= periodNanos * 2) {
        stalled = false;
        Logger.warn("control loop ticking again");
        safely(onRecover);
      }
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      Logger.error(e, "stall handler failed");
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
