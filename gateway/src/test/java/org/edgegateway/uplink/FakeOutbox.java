// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/** An in-memory outbox that assigns ids in offer order, records acks, and can be told to fail. */
final class FakeOutbox implements Outbox {
  private final TreeMap<Long, Entry> entries = new TreeMap<>();
  private long nextId = 1;
  private long acked;
  private long ackCalls;
  private boolean failNext;

  @Override
  public synchronized boolean offer(Item item) {
    long id = nextId++;
    entries.put(id, new Entry(id, item));
    return true;
  }

  /** The next call of {@link #next} throws. */
  synchronized void failNextRead() {
    failNext = true;
  }

  @Override
  public synchronized List<Entry> next(Priority priority, long afterId, int max) throws IOException {
    if (failNext) {
      failNext = false;
      throw new IOException("disk I/O error (test)");
    }
    List<Entry> found = new ArrayList<>();
    for (Entry e : entries.tailMap(afterId, false).values()) {
      if (found.size() == max) break;
      if (e.item().priority() == priority) found.add(e);
    }
    return found;
  }

  @Override
  public synchronized void ack(List<Entry> acks) {
    ackCalls++;
    for (Entry e : acks) {
      if (entries.remove(e.id()) != null) acked++;
    }
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long count(Priority priority) {
    return entries.values().stream().filter(e -> e.item().priority() == priority).count();
  }

  synchronized long acked() {
    return acked;
  }

  @Override
  public synchronized OutboxStats stats() {
    return new OutboxStats(count(Priority.EVENT), count(Priority.TELEMETRY), 0, 0, nextId - 1, acked, 0, 0, 0);
  }

  @Override
  public boolean flush(long timeoutMillis) {
    return true;
  }

  @Override
  public void close() {
    // Nothing to release.
  }
}
