// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

/**
 * How many of the oldest rows must go to bring the buffer back under its row and size caps. Telemetry goes
 * first: events are dropped only when no telemetry is left, and telemetry may never use the event reserve.
 *
 * @param telemetryByRows oldest telemetry to drop for the row cap
 * @param telemetryBySize oldest telemetry to drop for the size cap
 * @param eventsByRows oldest events to drop for the row cap (only once telemetry is gone)
 * @param eventsBySize oldest events to drop for the size cap (only once telemetry is gone)
 */
record Retention(long telemetryByRows, long telemetryBySize, long eventsByRows, long eventsBySize) {

  /**
   * The trim for a buffer holding {@code events} and {@code telemetry} rows in {@code usedBytes}. Bytes per row
   * are taken as the average, so the size cap is met approximately and checked again after every commit.
   */
  static Retention plan(OutboxSettings settings, long events, long telemetry, long usedBytes) {
    long total = events + telemetry;
    if (total == 0) return new Retention(0, 0, 0, 0);
    long telByRows = clamp(Math.max(telemetry - settings.telemetryRowLimit(), total - settings.maxRows()), telemetry);
    long telLeft = telemetry - telByRows;
    long evByRows = clamp(total - telByRows - settings.maxRows(), events);
    long evLeft = events - evByRows;

    double perRow = (double) usedBytes / total;
    double bytesLeft = usedBytes - perRow * (telByRows + evByRows);
    double telExcess = Math.max(perRow * telLeft - settings.telemetryByteLimit(), bytesLeft - settings.maxBytes());
    long telBySize = clamp((long) Math.ceil(telExcess / perRow), telLeft);
    bytesLeft -= perRow * telBySize;
    long evBySize = clamp((long) Math.ceil((bytesLeft - settings.maxBytes()) / perRow), evLeft);
    return new Retention(telByRows, telBySize, evByRows, evBySize);
  }

  long telemetry() {
    return telemetryByRows + telemetryBySize;
  }

  long events() {
    return eventsByRows + eventsBySize;
  }

  private static long clamp(long wanted, long available) {
    return Math.max(0, Math.min(wanted, available));
  }
}
