// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.util.List;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/**
 * What one writer transaction changes: stored rows by priority (negative when rows went), rows inserted, rows
 * acked, and how many of the inserted rows were offered items (for flush).
 */
record Tally(long events, long telemetry, long inserted, long acked, long offers) {

  static Tally of(List<Item> batch) {
    long events = 0;
    for (Item item : batch) {
      if (item.priority() == Priority.EVENT) events++;
    }
    return new Tally(events, batch.size() - events, batch.size(), 0, batch.size());
  }

  Tally plusReports(int n) {
    return new Tally(events + n, telemetry, inserted + n, acked, offers);
  }

  Tally minus(long goneEvents, long goneTelemetry) {
    return new Tally(events - goneEvents, telemetry - goneTelemetry, inserted, acked, offers);
  }
}
