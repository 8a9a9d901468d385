// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.edgegateway.data.Priority;

/**
 * What the SQLite outbox has stored and lost, kept as counters that the writer updates only after each durable
 * commit, so {@link #stats()} costs no query. Flushes wait here for the writer to catch up.
 */
final class OutboxLedger {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private final DropCounts drops = new DropCounts();
  private long storedEvents;
  private long storedTelemetry;
  private long oldestMillis;
  private long bytesOnDisk;
  private long committed;
  private long acked;
  private long writeErrors;
  private long committedOffers;
  private long highestId;
  private boolean writerStopped;

  DropCounts drops() {
    return drops;
  }

  /** Sets what was found in the file at open. */
  void opened(long events, long telemetry, long oldest, long bytes, long lastId) {
    lock.lock();
    try {
      storedEvents = events;
      storedTelemetry = telemetry;
      oldestMillis = oldest;
      bytesOnDisk = bytes;
      highestId = lastId;
    } finally {
      lock.unlock();
    }
  }

  /** Records a committed transaction: call only after the commit returned. */
  void committed(Change change) {
    lock.lock();
    try {
      storedEvents += change.events();
      storedTelemetry += change.telemetry();
      oldestMillis = change.oldestMillis();
      bytesOnDisk = change.bytes();
      committed += change.inserted();
      acked += change.acked();
      committedOffers += change.offers();
      if (change.highestId() > highestId) highestId = change.highestId();
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void writeError() {
    lock.lock();
    try {
      writeErrors++;
    } finally {
      lock.unlock();
    }
  }

  /** The writer ended: wakes every flush, which then reports failure unless it was already satisfied. */
  void writerStopped() {
    lock.lock();
    try {
      writerStopped = true;
      progress.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code offers} accepted items are committed, at most {@code timeoutMillis}; true if they are. */
  boolean awaitOffers(long offers, long timeoutMillis) throws InterruptedException {
    long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    lock.lock();
    try {
      while (committedOffers < offers) {
        if (nanos <= 0 || writerStopped) return false;
        nanos = progress.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  long highestId() {
    lock.lock();
    try {
      return highestId;
    } finally {
      lock.unlock();
    }
  }

  long stored(Priority priority) {
    lock.lock();
    try {
      return priority == Priority.EVENT ? storedEvents : storedTelemetry;
    } finally {
      lock.unlock();
    }
  }

  OutboxStats stats() {
    lock.lock();
    try {
      return new OutboxStats(storedEvents, storedTelemetry, oldestMillis, bytesOnDisk, committed, acked,
          drops.otherDrops(), drops.capDrops(), writeErrors);
    } finally {
      lock.unlock();
    }
  }

  /** The earlier of two "oldest" times where 0 means none. */
  static long oldest(long a, long b) {
    if (a == 0) return b;
    if (b == 0) return a;
    return Math.min(a, b);
  }

  /**
   * One committed transaction's effect.
   *
   * @param events change in stored events; {@code telemetry} likewise
   * @param inserted rows written (offered items and drop reports)
   * @param offers offered items among them, for flush
   */
  record Change(long events, long telemetry, long inserted, long acked, long offers, long highestId,
      long oldestMillis, long bytes) {}
}
