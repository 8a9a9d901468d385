// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/** An in-memory outbox that assigns ids in offer order, records acks, and can be told to fail. */
final class FakeOutbox implements Outbox {
  private final Map<Priority, TreeMap<Long, Entry>> entries = new EnumMap<>(Map.of(
      Priority.EVENT, new TreeMap<>(), Priority.TELEMETRY, new TreeMap<>()));
  private long nextId = 1;
  private long acked;
  private boolean failNext;
  private boolean failAcks;
  private boolean holdAcks;
  private final List<Integer> ackSizes = new ArrayList<>();

  @Override
  public synchronized boolean offer(Item item) {
    long id = nextId++;
    entries.get(item.priority()).put(id, new Entry(id, item));
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
    for (Entry e : entries.get(priority).tailMap(afterId, false).values()) {
      if (found.size() == max) break;
      found.add(e);
    }
    return found;
  }

  /** While true every ack fails, as a disk error or a crash before the commit would leave the rows. */
  synchronized void failAcks(boolean fail) {
    failAcks = fail;
  }

  /** While true an ack waits (the ack transaction is slow); false lets it go on. */
  synchronized void holdAcks(boolean hold) {
    holdAcks = hold;
    notifyAll();
  }

  /** How many entries each successful ack call carried, in call order. */
  synchronized List<Integer> ackSizes() {
    return new ArrayList<>(ackSizes);
  }

  /** Ack calls waiting in {@link #holdAcks}. */
  synchronized int heldAcks() {
    return held;
  }

  private int held;

  @Override
  public synchronized void ack(List<Entry> acks) throws IOException {
    held++;
    try {
      while (holdAcks) wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted (test)", e);
    } finally {
      held--;
    }
    if (failAcks) throw new IOException("disk I/O error on ack (test)");
    ackSizes.add(acks.size());
    for (Entry e : acks) {
      if (entries.get(e.item().priority()).remove(e.id()) != null) acked++;
    }
  }

  synchronized int size() {
    return entries.values().stream().mapToInt(Map::size).sum();
  }

  synchronized long count(Priority priority) {
    return entries.get(priority).size();
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
