// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * One platform thread that runs {@link Tick#run} at a fixed rate: it parks until an absolute deadline (the previous
 * deadline plus the period, so lateness does not accumulate), records how late each tick started and how long it
 * took, and counts overruns. After an overrun it skips the missed deadlines instead of bursting to catch up.
 * An exception from a tick goes to {@link Tick#failed} and the loop goes on.
 */
public final class ControlLoop implements AutoCloseable {
  /** The work of one tick; must not block. */
  public interface Tick {
    void run(long nowNanos, long dtNanos);

    /** Called on the loop thread when {@link #run} threw; must close the valves. */
    void failed(Throwable error);
  }

  private final long periodNanos;
  private final Tick tick;
  private final LongSupplier nanos;
  private final LoopMetrics metrics;
  private volatile boolean running;
  private Thread thread;

  public ControlLoop(Duration period, Tick tick, LongSupplier nanos, LoopMetrics metrics) {
    this.metrics = metrics;
    if (period.isNegative() || period.isZero()) throw new IllegalArgumentException("period not positive: " + period);
    this.periodNanos = period.toNanos();
    this.tick = tick;
    this.nanos = nanos;
  }

  public LoopMetrics metrics() {
    return metrics;
  }

  public long periodNanos() {
    return periodNanos;
  }

  public synchronized void start() {
    if (thread != null) return;
    running = true;
    thread = new Thread(this::loop, "control-loop");
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long deadline = nanos.getAsLong();
    long previous = deadline - periodNanos;
    while (running) {
      long now = waitUntil(deadline);
      if (!running) break;
      try {
        tick.run(now, now - previous);
      } catch (Throwable t) {
        tick.failed(t);
      }
      long end = nanos.getAsLong();
      long next = deadline + periodNanos;
      boolean overrun = end > next;
      metrics.record(now - deadline, end - now, overrun, end);
      if (overrun) next += ((end - next) / periodNanos + 1) * periodNanos;
      previous = now;
      deadline = next;
    }
  }

  private long waitUntil(long deadline) {
    long now = nanos.getAsLong();
    while (running && now < deadline) {
      LockSupport.parkNanos(deadline - now);
      now = nanos.getAsLong();
    }
    return now;
  }

  /** Stops the thread, waiting at most two periods plus a second; idempotent. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t == null) return;
    LockSupport.unpark(t);
    try {
      t.join(2 * periodNanos / 1_000_000L + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) Logger.error("control loop did not stop in time (stuck in a tick?)");
  }
}
