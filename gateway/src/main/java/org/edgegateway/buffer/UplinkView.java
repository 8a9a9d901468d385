// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.util.List;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/**
 * One uplink's view of a shared outbox (see {@link Outbox#forUplink}). A priority only this uplink carries takes
 * the outbox's own replay and delete, so the single-uplink path costs what it did; a shared one goes through the
 * per-uplink delivery state; a priority it does not carry looks empty.
 */
final class UplinkView implements Outbox {
  /** Replay for one uplink. */
  @FunctionalInterface
  interface Next {
    List<Entry> next(String uplink, Priority priority, long afterId, int max) throws IOException;
  }

  /** Ack by one uplink. */
  @FunctionalInterface
  interface Ack {
    void ack(String uplink, List<Entry> entries) throws IOException;
  }

  private final Outbox outbox;
  private final String uplink;
  private final Carriers carriers;
  private final Next next;
  private final Ack ack;

  UplinkView(Outbox outbox, String uplink, Carriers carriers, Next next, Ack ack) {
    this.outbox = outbox;
    this.uplink = uplink;
    this.carriers = carriers;
    this.next = next;
    this.ack = ack;
  }

  @Override
  public boolean offer(Item item) {
    return outbox.offer(item);
  }

  @Override
  public List<Entry> next(Priority priority, long afterId, int max) throws IOException {
    if (!carriers.carries(uplink, priority)) return List.of();
    if (carriers.others(uplink, priority).isEmpty()) return outbox.next(priority, afterId, max);
    return next.next(uplink, priority, afterId, max);
  }

  @Override
  public void ack(List<Entry> entries) throws IOException {
    if (entries == null) throw new IllegalArgumentException("entries null");
    boolean shared = false;
    for (Entry e : entries) shared |= !carriers.others(uplink, e.item().priority()).isEmpty();
    if (shared) ack.ack(uplink, entries);
    else outbox.ack(entries);
  }

  @Override
  public Outbox forUplink(String other) {
    return outbox.forUplink(other);
  }

  @Override
  public void deadLetter(DeadLetter letter) throws IOException {
    outbox.deadLetter(letter);
  }

  @Override
  public List<DeadLetter> deadLetters(int max) throws IOException {
    return outbox.deadLetters(max);
  }

  @Override
  public OutboxStats stats() {
    return outbox.stats();
  }

  @Override
  public boolean flush(long timeoutMillis) throws InterruptedException {
    return outbox.flush(timeoutMillis);
  }

  /** The owner closes the outbox. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "outbox for " + uplink;
  }
}
