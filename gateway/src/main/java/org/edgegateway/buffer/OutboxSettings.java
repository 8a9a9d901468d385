// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How an outbox stores and limits what it holds.
 *
 * @param file the SQLite database file (ignored by {@link MemoryOutbox})
 * @param maxBytes cap on the database pages holding rows; oldest telemetry goes first when it is exceeded
 * @param maxRows cap on stored rows, events and telemetry together
 * @param maxAge telemetry older than this (by its own timestamp) is dropped; events are kept until a size cap
 * @param eventReserve share of {@code maxRows} and {@code maxBytes} that telemetry may never use, in [0, 1)
 * @param queueCapacity telemetry items waiting for the writer; more are dropped and counted
 * @param eventQueueCapacity events waiting for the writer, in a queue of their own
 * @param commitInterval how long the writer gathers items before it commits a group
 * @param commitRows the writer commits at once when this many items are gathered
 * @param synchronousFull {@code PRAGMA synchronous=FULL} (survives power loss) instead of {@code NORMAL}
 * @param dropReportInterval at most one {@code buffer.dropped} event per cause per interval
 */
public record OutboxSettings(
    Path file,
    long maxBytes,
    long maxRows,
    Duration maxAge,
    double eventReserve,
    int queueCapacity,
    int eventQueueCapacity,
    Duration commitInterval,
    int commitRows,
    boolean synchronousFull,
    Duration dropReportInterval) {

  public OutboxSettings {
    if (file == null) throw new IllegalArgumentException("file null");
    if (maxBytes < 64 * 1024) throw new IllegalArgumentException("maxBytes below 64 KiB: " + maxBytes);
    if (maxRows < 2) throw new IllegalArgumentException("maxRows below 2: " + maxRows);
    if (maxAge == null || maxAge.toMillis() <= 0) throw new IllegalArgumentException("maxAge not positive: " + maxAge);
    if (!(eventReserve >= 0 && eventReserve < 1)) throw new IllegalArgumentException("eventReserve: " + eventReserve);
    if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity below 1: " + queueCapacity);
    if (eventQueueCapacity < 1) throw new IllegalArgumentException("eventQueueCapacity below 1: " + eventQueueCapacity);
    if (commitInterval == null || commitInterval.isNegative()) {
      throw new IllegalArgumentException("commitInterval: " + commitInterval);
    }
    if (commitRows < 1) throw new IllegalArgumentException("commitRows below 1: " + commitRows);
    if (dropReportInterval == null || dropReportInterval.isNegative()) {
      throw new IllegalArgumentException("dropReportInterval: " + dropReportInterval);
    }
  }

  /**
   * Defaults for a Raspberry Pi with an SD card: 256 MB, 2 million rows, 30 days, 10% kept for events, commit
   * every 20 ms or 500 rows, {@code synchronous=FULL}, one drop report per cause per minute.
   */
  public static OutboxSettings defaults(Path file) {
    return new OutboxSettings(file, 256L * 1024 * 1024, 2_000_000, Duration.ofDays(30), 0.1, 10_000, 1_000,
        Duration.ofMillis(20), 500, true, Duration.ofMinutes(1));
  }

  /** A copy with another row cap. */
  public OutboxSettings withMaxRows(long rows) {
    return new OutboxSettings(file, maxBytes, rows, maxAge, eventReserve, queueCapacity, eventQueueCapacity,
        commitInterval, commitRows, synchronousFull, dropReportInterval);
  }

  /** A copy with another size cap. */
  public OutboxSettings withMaxBytes(long bytes) {
    return new OutboxSettings(file, bytes, maxRows, maxAge, eventReserve, queueCapacity, eventQueueCapacity,
        commitInterval, commitRows, synchronousFull, dropReportInterval);
  }

  /** A copy with another age cap. */
  public OutboxSettings withMaxAge(Duration age) {
    return new OutboxSettings(file, maxBytes, maxRows, age, eventReserve, queueCapacity, eventQueueCapacity,
        commitInterval, commitRows, synchronousFull, dropReportInterval);
  }

  /** A copy with other queue capacities (telemetry, events). */
  public OutboxSettings withQueues(int telemetry, int events) {
    return new OutboxSettings(file, maxBytes, maxRows, maxAge, eventReserve, telemetry, events,
        commitInterval, commitRows, synchronousFull, dropReportInterval);
  }

  /** A copy that commits a group after {@code interval} or {@code rows} items, whichever comes first. */
  public OutboxSettings withCommit(Duration interval, int rows) {
    return new OutboxSettings(file, maxBytes, maxRows, maxAge, eventReserve, queueCapacity, eventQueueCapacity,
        interval, rows, synchronousFull, dropReportInterval);
  }

  /** Rows telemetry may use: the row cap less the event reserve, at least one. */
  long telemetryRowLimit() {
    return Math.max(1, (long) Math.floor(maxRows * (1 - eventReserve)));
  }

  /** Bytes telemetry may use: the size cap less the event reserve. */
  long telemetryByteLimit() {
    return (long) Math.floor(maxBytes * (1 - eventReserve));
  }
}
