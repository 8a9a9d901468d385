// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Feeds the service manager's watchdog at half its interval, but only while the control loop is not stalled as
 * {@link StallSupervisor} sees it (a tick completed within its stall time): a hung loop gets the gateway
 * restarted even when every other thread still runs.
 */
public final class LoopWatchdog implements AutoCloseable {
  private final LoopMetrics metrics;
  private final long stallNanos;
  private final LongSupplier nanos;
  private final Runnable feed;
  private ScheduledExecutorService executor;

  /** {@code feed} sends one keep-alive ({@code WATCHDOG=1}); {@code nanos} is the loop's monotonic clock. */
  public LoopWatchdog(LoopMetrics metrics, long periodNanos, LongSupplier nanos, Runnable feed) {
    this.metrics = metrics;
    this.stallNanos = StallSupervisor.stallNanos(periodNanos);
    this.nanos = nanos;
    this.feed = feed;
  }

  /** True while a tick completed and the last one ended no longer than the stall time ago. */
  public boolean loopAlive() {
    long last = metrics.lastTickEndNanos();
    return last != 0 && nanos.getAsLong() - last <= stallNanos;
  }

  /** Feeds once if the loop is alive. */
  void check() {
    if (loopAlive()) feed.run();
  }

  /** Checks at once and then every half {@code interval}, on its own daemon thread {@code watchdog}. */
  public synchronized void start(Duration interval) {
    if (executor != null) return;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "watchdog");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleAtFixedRate(this::check, 0, Math.max(1, interval.toMillis() / 2), TimeUnit.MILLISECONDS);
  }

  /** Stops feeding; idempotent. */
  @Override
  public synchronized void close() {
    if (executor != null) executor.shutdownNow();
  }
}
