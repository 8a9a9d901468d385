// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * A separate thread that watches the control loop: when no tick has completed for three periods, and never less
 * than {@link #MIN_STALL_NANOS}, it calls {@code onStall} once (which closes every valve without waiting for the
 * loop), and {@code onRecover} once when ticks complete again. It is there for a loop that hangs (a driver call
 * that never returns, a deadlock), not for ordinary scheduling delays: a fast loop (10 ms) would otherwise close
 * every valve whenever the machine pauses the process for a few tens of milliseconds.
 */
public final class StallSupervisor implements AutoCloseable {
  /**
   * The shortest pause taken for a stall: far above what scheduling and GC cause (tens of ms on a loaded machine),
   * far below a valve's run; exactly three periods of the default 100 ms loop.
   */
  public static final long MIN_STALL_NANOS = 300_000_000L;

  private final LoopMetrics metrics;
  private final long stallNanos;
  private final LongSupplier nanos;
  private final Runnable onStall;
  private final Runnable onRecover;
  private final long startNanos;
  private volatile boolean running = true;
  private final Thread thread;
  private boolean stalled;

  public StallSupervisor(LoopMetrics metrics, long periodNanos, LongSupplier nanos, Runnable onStall,
      Runnable onRecover) {
    this.metrics = metrics;
    this.stallNanos = stallNanos(periodNanos);
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
          org.edgegateway.data.Severity.CRITICAL,
          "control loop stalled: no tick for " + stallNanos(periodNanos) / 1_000_000L + " ms; all valves closed",
          Double.NaN));
    }, () -> events.accept(new org.edgegateway.data.Event(clock.millis(), "alert.cleared", "loop-stalled",
        org.edgegateway.data.Severity.INFO, "cleared: control loop ticking again", Double.NaN)));
  }

  /** How long without a completed tick counts as a stall for a loop of this period. */
  public static long stallNanos(long periodNanos) {
    return Math.max(3 * periodNanos, MIN_STALL_NANOS);
  }

  public void start() {
    thread.start();
  }

  private void watch() {
    while (running) {
      LockSupport.parkNanos(stallNanos / 12);
      if (!running) break;
      check();
    }
  }

  /** One look at the loop (the thread's work, every twelfth of the stall time; tests call it directly). */
  void check() {
    long last = metrics.lastTickEndNanos();
    long since = nanos.getAsLong() - (last == 0 ? startNanos : last);
    if (!stalled && since > stallNanos) {
      stalled = true;
      Logger.error("control loop stalled: no tick completed for {} ms; closing all valves", since / 1_000_000L);
      safely(onStall);
    } else if (stalled && since <= stallNanos * 2 / 3) {
      stalled = false;
      Logger.warn("control loop ticking again");
      safely(onRecover);
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
