// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.edgegateway.rules.SavedState;
import org.tinylog.Logger;

/**
 * The {@code state-saver} thread: every 10 s writes the controller's saved state to the {@link StateFile} when it
 * changed, and runs {@code alongside} (the uplinks' sequence numbers), so that the loop never touches the disk.
 * Saves once more at close.
 */
public final class StateSaver implements AutoCloseable {
  private static final Duration EVERY = Duration.ofSeconds(10);

  private final StateFile file;
  private final Supplier<SavedState> state;
  private final Runnable alongside;
  private ScheduledExecutorService executor;
  private SavedState last;

  /** {@code state} gives the loop's latest snapshot (null before the first); {@code alongside} must not throw. */
  public StateSaver(StateFile file, Supplier<SavedState> state, Runnable alongside) {
    this.file = file;
    this.state = state;
    this.alongside = alongside;
  }

  /** Writes the state if it changed since the last successful write; logs a failure and tries again next time. */
  public synchronized void save() {
    alongside.run();
    SavedState s = state.get();
    if (s == null || (last != null && s.zones().equals(last.zones())
        && s.raisedAlerts().equals(last.raisedAlerts()))) {
      return;
    }
    try {
      file.write(s);
      last = s;
    } catch (IOException | RuntimeException e) {
      Logger.warn("cannot save zone state: {}", e.toString());
    }
  }

  public synchronized void start() {
    if (executor != null) return;
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "state-saver");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::save, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits up to 2 s for a write in progress, then saves once more (also when interrupted meanwhile). */
  @Override
  public void close() {
    ScheduledExecutorService ex;
    synchronized (this) {
      ex = executor;
    }
    if (ex != null) {
      // No interrupt: it would break a write in progress (a FileChannel closes when interrupted).
      ex.shutdown();
      try {
        ex.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    save();
  }
}
