// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.StoredRecord;

/**
 * The store-and-forward buffer between the gateway's producers (sampler, control loop) and its forwarders.
 *
 * <p>Producers call {@link #offer}, which never blocks. One forwarder per uplink walks the stored entries with
 * {@link #next} in order (all events first, then telemetry, oldest first) and deletes them with {@link #ack}
 * only after its uplink confirmed them.
 */
public interface Outbox extends AutoCloseable {

  /**
   * Hands an item to the buffer without blocking. Returns false when it was dropped (queue full, disk stalled);
   * every drop is counted in {@link #stats()}.
   */
  boolean offer(Item item);

  /**
   * Up to {@code max} stored entries of {@code priority} with an id greater than {@code afterId}, oldest first.
   * Entries still in the writer's queue are not yet visible.
   */
  List<Entry> next(Priority priority, long afterId, int max) throws IOException;

  /** Deletes these entries: their uplink confirmed them. Acking an id twice is harmless. */
  void ack(List<Entry> entries) throws IOException;

  /**
   * The outbox as one named uplink sees it, for that uplink's forwarder: {@link #next} skips entries this uplink
   * already acked and priorities it does not carry; {@link #ack} records its delivery and deletes a row once every
   * uplink carrying it acked it; {@link #close} does nothing (the owner closes the outbox). Only for outboxes
   * opened with {@link Carriers} naming {@code uplink}.
   */
  default Outbox forUplink(String uplink) {
    throw new UnsupportedOperationException("outbox opened without per-uplink delivery state");
  }

  /** Stores a refused message durably (returns after the commit); its rows are acked separately. */
  default void deadLetter(DeadLetter letter) throws IOException {
    throw new UnsupportedOperationException("outbox keeps no dead letters");
  }

  /** The newest {@code max} dead letters, oldest first (for diagnosis and tests). */
  default List<DeadLetter> deadLetters(int max) throws IOException {
    return List.of();
  }

  /** Counters and depth, cheap enough to call every few seconds. */
  OutboxStats stats();

  /** Blocks until every item offered before this call is committed, or the timeout passes; true if committed. */
  boolean flush(long timeoutMillis) throws InterruptedException;

  /** Commits what is queued (bounded wait), then closes the database; idempotent. */
  @Override
  void close() throws IOException;

  /**
   * A stored item with its row id and, for a reading, its {@link StoredRecord} (the CBOR value and quality fields,
   * encoded once when it was committed; null for events, which are encoded when sent).
   */
  record Entry(long id, Item item, byte[] record) {
    /** An entry whose record is encoded from the item (for readings), as the buffer would have stored it. */
    public Entry(long id, Item item) {
      this(id, item, item instanceof Reading r ? StoredRecord.of(r) : null);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.id == id && e.item.equals(item) && Arrays.equals(e.record, record);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id) * 31 + item.hashCode();
    }

    @Override
    public String toString() {
      return "Entry[" + id + ", " + item + "]";
    }
  }
}
