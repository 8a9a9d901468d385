// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Severity;

/**
 * Turns drop counts into {@code buffer.dropped} events: one per cause per interval, never one per row. The first
 * drops of an episode are reported at once; drops that follow within the interval are summed into the next report.
 * Not thread-safe: one owner (the writer thread, or the memory outbox under its lock).
 */
final class DropReport {
  static final String KIND = "buffer.dropped";

  private final Clock clock;
  private final Duration interval;
  private long[] reported = DropCounts.empty();
  private Instant lastReport;

  DropReport(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** Starts from totals that were counted before this report existed, so they are not reported again. */
  void baseline(long[] totals) {
    reported = totals.clone();
  }

  /** The events that report {@code totals} beyond what was already reported, or none when not yet due. */
  List<Event> due(long[] totals) {
    List<Event> events = new ArrayList<>();
    Instant now = clock.instant();
    if (lastReport != null && now.isBefore(lastReport.plus(interval))) return events;
    for (DropCause cause : DropCause.values()) {
      long events0 = delta(totals, cause, Priority.EVENT);
      long telemetry = delta(totals, cause, Priority.TELEMETRY);
      if (events0 + telemetry == 0) continue;
      String message = "dropped " + telemetry + " telemetry item(s) and " + events0 + " event(s): " + cause.reason();
      Severity severity = events0 > 0 ? Severity.CRITICAL : Severity.WARNING;
      events.add(new Event(now.toEpochMilli(), KIND, cause.wireName(), severity, message, events0 + telemetry));
    }
    return events;
  }

  /** Records that {@code totals} were reported; call only after the report events were stored. */
  void reported(long[] totals) {
    reported = totals.clone();
    lastReport = clock.instant();
  }

  private long delta(long[] totals, DropCause cause, Priority priority) {
    int i = DropCounts.index(cause, priority);
    return totals[i] - reported[i];
  }
}
