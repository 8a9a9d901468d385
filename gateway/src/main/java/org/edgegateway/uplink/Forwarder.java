// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.EncodedPack;
import org.edgegateway.uplink.senml.EventCodec;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.tinylog.Logger;

/**
 * Moves the outbox to one uplink on a thread of its own: events first, then telemetry, oldest first, encoded in
 * packs bounded by the uplink's payload size, at most the uplink's in-flight limit unconfirmed. Entries are acked in
 * the outbox only after their pack was confirmed. Before each telemetry pack it looks for new events, so events
 * overtake a draining backlog.
 *
 * <p>Delivery is at least once. A pack that failed (connection lost) is sent again once the uplink is back, with
 * the same bytes and sequence number, events before telemetry; the platform drops a sequence number it has seen.
 * After {@link #stop} and {@link #start}, or if acking in the outbox failed, unacked entries are read again and
 * go out in new packs with new sequence numbers (duplicates then show as repeated name and time).
 *
 * <p>Sequence numbers count up from {@code firstSequence} in memory, one per pack across telemetry and events.
 * The gateway should persist {@link #nextSequence()} (e.g. every minute and at stop) and pass it back at the next
 * start, adding a margin after a crash so numbers are never reused.
 */
public final class Forwarder {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final Uplink uplink;
  private final Clock clock;
  private final SenmlEncoder senml;
  private final EventCodec events;
  private final int maxBytes;
  private final int window;
  private final int batch;
  private final Object wake = new Object();
  private final Object lifecycle = new Object();
  private final ArrayDeque<Pack> outstanding = new ArrayDeque<>();
  private final Map<Priority, PriorityQueue<Pack>> resend = new EnumMap<>(Priority.class);
  private final Map<Priority, Long> cursor = new EnumMap<>(Priority.class);

  private volatile boolean running;
  private volatile long nextSequence;
  private volatile Thread thread;
  private boolean woken;
  private long packsSent;
  private long packsAcked;
  private long packsResent;
  private long itemsAcked;
  private long outboxErrors;
  private long lastAckMillis;
  private String loggedError;

  /** A pack on its way: which entries it carries and how the uplink answered. */
  private record Pack(Priority priority, long sequence, byte[] bytes, List<Outbox.Entry> entries,
      CompletableFuture<Void> result) {
    Pack again(CompletableFuture<Void> next) {
      return new Pack(priority, sequence, bytes, entries, next);
    }
  }

  /**
   * {@code baseName} prefixes channel ids in SenML (e.g. {@code "gw-ka-0001/"}); {@code firstSequence} is the
   * first pack's sequence number; {@code clock} stamps the statistics.
   */
  public Forwarder(Outbox outbox, Uplink uplink, String baseName, long firstSequence, Clock clock) {
    if (firstSequence < 0) throw new IllegalArgumentException("firstSequence negative: " + firstSequence);
    this.outbox = outbox;
    this.uplink = uplink;
    this.clock = clock;
    Uplink.Limits limits = uplink.limits();
    this.senml = new SenmlEncoder(limits.format(), baseName);
    this.events = new EventCodec(limits.format());
    this.maxBytes = limits.maxPayloadBytes();
    this.window = limits.maxInFlight();
    this.batch = Math.max(1, Math.min(1000, maxBytes / 16));
    this.nextSequence = firstSequence;
    for (Priority p : Priority.values()) {
      resend.put(p, new PriorityQueue<>(Comparator.comparingLong(Pack::sequence)));
    }
  }

  /**
   * Starts the forwarding thread, reading the outbox from its oldest entry; no-op if running. Throws
   * IllegalStateException if the thread of a previous run did not end at its stop.
   */
  public void start() {
    synchronized (lifecycle) {
      if (running) return;
      if (thread != null) throw new IllegalStateException("the previous forwarder thread is still running");
      running = true;
      Thread t = new Thread(this::run, "forwarder");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /** Stops the thread (waiting up to a second for due confirmations, at most ten in all); idempotent. */
  public void stop() {
    synchronized (lifecycle) {
      Thread t = thread;
      if (t == null) return;
      running = false;
      signal();
      try {
        t.join(STOP_WAIT.toMillis());
        if (t.isAlive()) {
          t.interrupt();
          t.join(STOP_WAIT.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        Logger.warn("forwarder thread did not stop within {}", STOP_WAIT.multipliedBy(2));
      } else {
        thread = null;
      }
    }
  }

  /** The sequence number the next new pack will carry. */
  public long nextSequence() {
    return nextSequence;
  }

  public synchronized ForwarderStats stats() {
    return new ForwarderStats(packsSent, packsAcked, packsResent, itemsAcked, outboxErrors, nextSequence,
        lastAckMillis);
  }

  private void run() {
    reset();
    try {
      while (running) {
        step();
      }
      drainOutstanding();
    } catch (InterruptedException e) {
      Logger.debug("forwarder interrupted while stopping");
    }
    reset();
  }

  private void step() throws InterruptedException {
    try {
      if (!uplink.awaitOnline(POLL)) return;
      if (settle() > 0) {
        pause(POLL); // The connection just failed: let the uplink notice before trying again.
        return;
      }
      if (outstanding.size() >= window) {
        pause(POLL);
      } else if (!sendNext()) {
        pause(POLL);
      }
      loggedError = null;
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        outboxErrors++;
      }
      String error = e.toString();
      if (!error.equals(loggedError)) Logger.warn(e, "forwarder: outbox failed; retrying");
      loggedError = error;
      pause(ERROR_PAUSE);
    }
  }

  /** Sends one pack: a failed one again, else new ones, events before telemetry. False if nothing to send. */
  private boolean sendNext() throws IOException {
    for (Priority priority : Priority.values()) {
      Pack failed = resend.get(priority).poll();
      if (failed != null) {
        synchronized (this) {
          packsResent++;
        }
        send(failed.again(uplink.send(topic(priority), failed.bytes())));
        return true;
      }
      List<Outbox.Entry> entries = outbox.next(priority, cursor.get(priority), batch);
      if (!entries.isEmpty()) {
        sendNew(priority, entries);
        return true;
      }
    }
    return false;
  }

  private void sendNew(Priority priority, List<Outbox.Entry> entries) {
    long sequence = nextSequence;
    EncodedPack encoded = priority == Priority.EVENT
        ? events.encode(entries.stream().map(e -> (Event) e.item()).toList(), sequence, maxBytes)
        : senml.encode(entries.stream().map(e -> (Reading) e.item()).toList(), sequence, maxBytes);
    List<Outbox.Entry> packed = List.copyOf(entries.subList(0, encoded.count()));
    nextSequence = sequence + 1;
    cursor.put(priority, packed.get(packed.size() - 1).id());
    send(new Pack(priority, sequence, encoded.bytes(), packed, uplink.send(topic(priority), encoded.bytes())));
  }

  private void send(Pack pack) {
    synchronized (this) {
      packsSent++;
    }
    outstanding.add(pack);
    pack.result().whenComplete((ok, failure) -> signal());
  }

  /** Acks confirmed packs in the outbox and queues failed ones for resending; returns how many failed. */
  private int settle() throws IOException {
    int failures = 0;
    for (var it = outstanding.iterator(); it.hasNext(); ) {
      Pack pack = it.next();
      if (!pack.result().isDone()) continue;
      it.remove();
      if (pack.result().isCompletedExceptionally()) {
        resend.get(pack.priority()).add(pack);
        failures++;
      } else {
        acked(pack);
      }
    }
    return failures;
  }

  private void acked(Pack pack) throws IOException {
    outbox.ack(pack.entries());
    synchronized (this) {
      packsAcked++;
      itemsAcked += pack.entries().size();
      lastAckMillis = clock.millis();
    }
  }

  /** At stop: waits up to about a second for confirmations still due, so they need not be sent again. */
  private void drainOutstanding() throws InterruptedException {
    for (int round = 0; round < 20 && !outstanding.isEmpty(); round++) {
      try {
        settle();
      } catch (IOException e) {
        Logger.warn("forwarder: outbox ack failed at stop: {}", e.toString());
        return;
      }
      if (!outstanding.isEmpty()) pause(Duration.ofMillis(50));
    }
  }

  private void reset() {
    outstanding.clear();
    resend.values().forEach(PriorityQueue::clear);
    for (Priority p : Priority.values()) {
      cursor.put(p, 0L);
    }
  }

  private static UplinkTopic topic(Priority priority) {
    return priority == Priority.EVENT ? UplinkTopic.EVENTS : UplinkTopic.TELEMETRY;
  }

  /** Waits until a pack completes, {@link #stop} is called, or the timeout passes. */
  private void pause(Duration timeout) throws InterruptedException {
    synchronized (wake) {
      if (!woken) TimeUnit.MILLISECONDS.timedWait(wake, timeout.toMillis());
      woken = false;
    }
  }

  private void signal() {
    synchronized (wake) {
      woken = true;
      wake.notifyAll();
    }
  }
}
