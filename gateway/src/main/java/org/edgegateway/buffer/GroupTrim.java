// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.sql.SQLException;
import java.time.Clock;
import org.edgegateway.data.Priority;

/**
 * Applies the caps inside the writer's open transaction: telemetry past the age cap first, then the oldest rows
 * the {@link Retention} plan names. Each drop is added to the transaction's drop counts by cause.
 */
final class GroupTrim {
  private static final int AGE_BATCH = 10_000;

  private final OutboxSettings settings;
  private final Clock clock;
  private final OutboxTable table;

  GroupTrim(OutboxSettings settings, Clock clock, OutboxTable table) {
    this.settings = settings;
    this.clock = clock;
    this.table = table;
  }

  /** Epoch millis before which telemetry is past the age cap. */
  long ageCutoff() {
    return clock.millis() - settings.maxAge().toMillis();
  }

  /** Trims the open transaction to the caps; returns {@code t} less what went. */
  Tally apply(Tally t, OutboxLedger ledger, long[] drops) throws SQLException {
    long events = ledger.stored(Priority.EVENT) + t.events();
    long telemetry = ledger.stored(Priority.TELEMETRY) + t.telemetry();
    long aged = 0;
    long cutoff = ageCutoff();
    if (telemetry > 0 && table.oldestMillis(Priority.TELEMETRY) < cutoff) {
      aged = table.deleteTelemetryBefore(cutoff, AGE_BATCH);
      drops[DropCounts.index(DropCause.AGE_CAP, Priority.TELEMETRY)] += aged;
      telemetry -= aged;
    }
    Retention plan = Retention.plan(settings, events, telemetry, table.usedBytes());
    long telemetryGone = table.deleteOldest(Priority.TELEMETRY, plan.telemetry());
    count(drops, Priority.TELEMETRY, telemetryGone, plan.telemetryByRows());
    long eventsGone = table.deleteOldest(Priority.EVENT, plan.events());
    count(drops, Priority.EVENT, eventsGone, plan.eventsByRows());
    return t.minus(eventsGone, aged + telemetryGone);
  }

  /** Attributes {@code gone} rows to the row cap first (up to {@code byRows}), the rest to the size cap. */
  private static void count(long[] drops, Priority priority, long gone, long byRows) {
    long rows = Math.min(gone, byRows);
    drops[DropCounts.index(DropCause.ROW_CAP, priority)] += rows;
    drops[DropCounts.index(DropCause.SIZE_CAP, priority)] += gone - rows;
  }
}
