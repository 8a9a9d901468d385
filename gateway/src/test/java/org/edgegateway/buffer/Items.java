// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;

/** Items for tests, and reading everything back out of an outbox. */
final class Items {
  private Items() {}

  static Reading reading(long time, double value) {
    return new Reading("bed-1.moisture", time, value, "%RH", Quality.OK);
  }

  static Event alert(long time, String source) {
    return new Event(time, "alert.raised", source, Severity.WARNING, "soil dry", 12.5);
  }

  /** Every stored entry of {@code priority}, oldest first, paging like a forwarder does. */
  static List<Outbox.Entry> all(Outbox outbox, Priority priority) throws IOException {
    List<Outbox.Entry> all = new ArrayList<>();
    long after = 0;
    for (List<Outbox.Entry> page; !(page = outbox.next(priority, after, 100)).isEmpty(); ) {
      all.addAll(page);
      after = page.get(page.size() - 1).id();
    }
    return all;
  }

  static List<Item> items(List<Outbox.Entry> entries) {
    List<Item> items = new ArrayList<>();
    for (Outbox.Entry e : entries) items.add(e.item());
    return items;
  }

  /** The stored {@code buffer.dropped} events with this cause. */
  static List<Event> dropReports(Outbox outbox, String cause) throws IOException {
    List<Event> reports = new ArrayList<>();
    for (Item item : items(all(outbox, Priority.EVENT))) {
      if (item instanceof Event e && e.kind().equals("buffer.dropped") && e.source().equals(cause)) reports.add(e);
    }
    return reports;
  }
}
