// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.control.LoopMetrics;
import org.tinylog.Logger;

/**
 * The {@code status} thread: prints the status line every {@code every} (to the log, systemd's status and a
 * listener), and once a minute offers the gateway's own telemetry to the outbox and publishes the retained status.
 */
public final class StatusSchedule implements AutoCloseable {
  private final GatewayStatus status;
  private final SystemdNotifier systemd;
  private final Outbox outbox;
  private final LoopMetrics loop;
  private final Clock clock;
  private volatile Consumer<String> listener = line -> { };
  private ScheduledExecutorService executor;

  public StatusSchedule(GatewayStatus status, SystemdNotifier systemd, Outbox outbox, LoopMetrics loop, Clock clock) {
    this.status = status;
    this.systemd = systemd;
    this.outbox = outbox;
    this.loop = loop;
    this.clock = clock;
  }

  /** Also hands every printed status line to {@code listener} (tests, the local status server). */
  public void onLine(Consumer<String> listener) {
    this.listener = listener;
  }

  /** {@code every} zero prints no line; the minutely work runs anyway. */
  public synchronized void start(Duration every) {
    if (executor != null) return;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "status");
      t.setDaemon(true);
      return t;
    });
    long ms = every.toMillis();
    if (ms > 0) executor.scheduleAtFixedRate(this::printLine, ms, ms, TimeUnit.MILLISECONDS);
    executor.scheduleAtFixedRate(this::everyMinute, 60, 60, TimeUnit.SECONDS);
  }

  private void printLine() {
    try {
      String line = status.line();
      Logger.info(line);
      systemd.status(line);
      listener.accept(line);
    } catch (RuntimeException e) {
      Logger.warn(e, "status line failed");
    }
  }

  private void everyMinute() {
    try {
      SelfTelemetry.readings(clock.millis(), loop.summary(), outbox.stats()).forEach(outbox::offer);
      status.publish();
    } catch (RuntimeException e) {
      Logger.warn(e, "status publication failed");
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) executor.shutdownNow();
  }
}
