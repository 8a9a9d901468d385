// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.EncodedPack;
import org.edgegateway.uplink.senml.EventCodec;
import org.edgegateway.uplink.senml.RecordPacker;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.edgegateway.uplink.senml.StoredRecord;
import org.tinylog.Logger;

/**
 * Moves the outbox to one uplink on a thread of its own: events first, then telemetry, oldest first, encoded in
 * packs bounded by the uplink's payload size, at most the uplink's in-flight limit unconfirmed. Entries are acked in
 * the outbox only after their pack was confirmed. Each turn it looks for new events before it fills the in-flight
 * window with telemetry, so events overtake a draining backlog within one window.
 *
 * <p>Rows are read ahead, several packs at a time, and the rows not yet packed wait in memory, so a row is read
 * once. Confirmed packs are acked together: while one ack transaction runs (on a thread of the forwarder's own,
 * never on the uplink's), the packs confirmed meanwhile gather and go in the next one, so a fast uplink costs one
 * commit per group of packs, not per pack. At most {@link #MAX_UNACKED_ROWS} confirmed rows wait for their ack;
 * beyond that no new pack goes out until the outbox caught up. Confirmed packs are acked before {@link #stop}
 * returns (within its bounded wait).
 *
 * <p>Delivery is at least once. A pack that failed (connection lost) is sent again once the uplink is back, with
 * the same bytes and sequence number, events before telemetry; packs confirmed before the failure are not sent
 * again; the platform drops a sequence number it has seen. A failed ack is retried (after a pause) until it
 * succeeds or the forwarder stops. After {@link #stop} and {@link #start}, or a crash before the ack committed,
 * unacked entries are read again and go out in new packs with new sequence numbers (duplicates then show as
 * repeated name and time).
 *
 * <p>Sequence numbers count up from {@code firstSequence} in memory, one per pack across telemetry and events.
 * The gateway should persist {@link #nextSequence()} (e.g. every minute and at stop) and pass it back at the next
 * start, adding a margin after a crash so numbers are never reused.
 */
public final class Forwarder {
  /** Confirmed rows that may wait for their ack before sending pauses. */
  static final int MAX_UNACKED_ROWS = 20_000;
  /** Packs' worth of rows read from the outbox at once. */
  private static final int READ_PACKS = 8;
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final Outbox outbox;
  private final Uplink uplink;
  private final Clock clock;
  private final SenmlEncoder senml;
  /** For CBOR uplinks: packs from stored records; null for JSON. Forwarder thread only. */
  private final RecordPacker packer;
  private final EventCodec events;
  private final int maxBytes;
  private final int window;
  private final int batch;
  private final Object wake = new Object();
  private final Object lifecycle = new Object();
  private final Object ackPause = new Object();
  private final ArrayDeque<Pack> outstanding = new ArrayDeque<>();
  private final Map<Priority, PriorityQueue<Pack>> resend = new EnumMap<>(Priority.class);
  private final Map<Priority, ArrayDeque<Outbox.Entry>> ahead = new EnumMap<>(Priority.class);
  private final Map<Priority, Long> cursor = new EnumMap<>(Priority.class);
  /** How many entries the last full pack of each priority held; forwarder thread only. */
  private final Map<Priority, Integer> lastCount = new EnumMap<>(Priority.class);
  /** Packs confirmed and not yet handed to the acker; forwarder thread only. */
  private final List<Pack> confirmed = new ArrayList<>();

  private volatile boolean running;
  private volatile long nextSequence;
  private volatile Thread thread;
  private boolean woken;
  /** Rows of confirmed packs whose ack has not committed yet. */
  private final AtomicInteger confirmedRows = new AtomicInteger();
  private ExecutorService acker;
  /** The ack transaction in progress, if any; completes with the packs it could not ack (empty on success). */
  private CompletableFuture<List<Pack>> acking = CompletableFuture.completedFuture(List.of());
  private long packsSent;
  private long packsAcked;
  private long packsResent;
  private long itemsAcked;
  private long outboxErrors;
  private long lastAckMillis;
  private String loggedError;
  private volatile String loggedAckError;

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
    this.packer = limits.format() == SenmlFormat.CBOR ? new RecordPacker(baseName) : null;
    this.events = new EventCodec(limits.format());
    this.maxBytes = limits.maxPayloadBytes();
    this.window = limits.maxInFlight();
    this.batch = Math.max(1, Math.min(1000, maxBytes / 16));
    this.nextSequence = firstSequence;
    for (Priority p : Priority.values()) {
      resend.put(p, new PriorityQueue<>(Comparator.comparingLong(Pack::sequence)));
      ahead.put(p, new ArrayDeque<>());
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
      acker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "forwarder-acks");
        t.setDaemon(true);
        return t;
      });
      Thread t = new Thread(this::run, "forwarder");
      t.setDaemon(true);
      thread = t;
      t.start();
    }
  }

  /**
   * Stops the thread (waiting up to a second for due confirmations and then for their ack, at most ten seconds in
   * all); idempotent.
   */
  public void stop() {
    synchronized (lifecycle) {
      Thread t = thread;
      if (t == null) return;
      running = false;
      signal();
      synchronized (ackPause) {
        ackPause.notifyAll();
      }
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
        acker.shutdownNow();
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
      finishAcks();
    } catch (InterruptedException e) {
      Logger.debug("forwarder interrupted while stopping");
    }
    reset();
  }

  private void step() throws InterruptedException {
    try {
      boolean online = uplink.awaitOnline(POLL);
      int failures = settle();
      startAck();
      if (!online) return;
      if (failures > 0) {
        pause(POLL); // The connection just failed: let the uplink notice before trying again.
        return;
      }
      int sent = 0;
      boolean lookForEvents = true;
      while (outstanding.size() < window && confirmedRows.get() < MAX_UNACKED_ROWS && sendNext(lookForEvents)) {
        lookForEvents = false;
        sent++;
      }
      if (sent == 0) pause(POLL);
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

  /**
   * Sends one pack: a failed one again, else a new one, events before telemetry; looks in the outbox for new
   * events only when {@code lookForEvents} (once per turn). False if nothing to send.
   */
  private boolean sendNext(boolean lookForEvents) throws IOException {
    for (Priority priority : Priority.values()) {
      Pack failed = resend.get(priority).poll();
      if (failed != null) {
        synchronized (this) {
          packsResent++;
        }
        send(failed.again(uplink.send(topic(priority), failed.bytes())));
        return true;
      }
      ArrayDeque<Outbox.Entry> rows = ahead.get(priority);
      if (rows.isEmpty() && (priority != Priority.EVENT || lookForEvents)) readAhead(priority);
      if (!rows.isEmpty()) {
        sendNew(priority, rows);
        return true;
      }
    }
    return false;
  }

  /** Reads the next rows of {@code priority} into memory, several packs' worth; the cursor moves past them. */
  private void readAhead(Priority priority) throws IOException {
    List<Outbox.Entry> read = outbox.next(priority, cursor.get(priority), Math.min(4000, batch * READ_PACKS));
    if (read.isEmpty()) return;
    ahead.get(priority).addAll(read);
    cursor.put(priority, read.get(read.size() - 1).id());
  }

  /** Cuts one pack from the head of {@code rows} (those it holds leave the queue) and sends it. */
  private void sendNew(Priority priority, ArrayDeque<Outbox.Entry> rows) {
    long sequence = nextSequence;
    // Offer the encoder a little more than the last pack of this priority held, not the whole batch: it lays out the
    // list it gets several times while it looks for the longest prefix that fits, and a list just past the bound
    // takes the fewest tries (the whole, then the prefix its average record size points at). A pack that took all it
    // was offered lets the next offer grow by a sixteenth.
    int last = lastCount.getOrDefault(priority, batch);
    int offer = Math.min(batch, last + Math.max(2, last / 16));
    List<Outbox.Entry> entries = new ArrayList<>(Math.min(offer, rows.size()));
    for (Outbox.Entry e : rows) {
      if (entries.size() == offer) break;
      entries.add(e);
    }
    EncodedPack encoded = priority == Priority.EVENT
        ? events.encode(entries.stream().map(e -> (Event) e.item()).toList(), sequence, maxBytes)
        : telemetry(entries, sequence);
    List<Outbox.Entry> packed = List.copyOf(entries.subList(0, encoded.count()));
    if (entries.size() == offer) lastCount.put(priority, packed.size()); // A short list says nothing of the bound.
    for (int i = 0; i < packed.size(); i++) rows.poll();
    nextSequence = sequence + 1;
    send(new Pack(priority, sequence, encoded.bytes(), packed, uplink.send(topic(priority), encoded.bytes())));
  }

  /**
   * A telemetry pack: in CBOR built from the records the buffer stored with each reading (no value is encoded
   * here); in JSON encoded from the readings.
   */
  private EncodedPack telemetry(List<Outbox.Entry> entries, long sequence) {
    List<Reading> readings = new ArrayList<>(entries.size());
    for (Outbox.Entry e : entries) readings.add((Reading) e.item());
    if (packer == null) return senml.encode(readings, sequence, maxBytes);
    List<byte[]> records = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      byte[] stored = entries.get(i).record();
      records.add(stored != null ? stored : StoredRecord.of(readings.get(i)));
    }
    return packer.pack(readings, records, sequence, maxBytes);
  }

  private void send(Pack pack) {
    synchronized (this) {
      packsSent++;
    }
    outstanding.add(pack);
    pack.result().whenComplete((ok, failure) -> signal());
  }

  /** Moves confirmed packs to the ack queue and failed ones to the resend queue; returns how many failed. */
  private int settle() {
    int failures = 0;
    for (var it = outstanding.iterator(); it.hasNext(); ) {
      Pack pack = it.next();
      if (!pack.result().isDone()) continue;
      it.remove();
      if (pack.result().isCompletedExceptionally()) {
        resend.get(pack.priority()).add(pack);
        failures++;
      } else {
        confirmed.add(pack);
        confirmedRows.addAndGet(pack.entries().size());
      }
    }
    return failures;
  }

  /**
   * Hands the confirmed packs to the acker if it is idle; packs of an ack that failed come back first and are
   * retried after a pause.
   */
  private void startAck() {
    if (!acking.isDone()) return;
    List<Pack> failed = acking.getNow(List.of());
    acking = CompletableFuture.completedFuture(List.of());
    if (!failed.isEmpty()) confirmed.addAll(0, failed);
    if (confirmed.isEmpty()) return;
    List<Pack> packs = List.copyOf(confirmed);
    confirmed.clear();
    boolean retry = !failed.isEmpty();
    acking = CompletableFuture.supplyAsync(() -> ack(packs, retry), acker);
    acking.whenComplete((left, e) -> signal());
  }

  /** Runs on the acker thread: one ack for all {@code packs}; returns them if it failed, else an empty list. */
  private List<Pack> ack(List<Pack> packs, boolean retry) {
    if (retry && running) {
      try {
        pauseAcker();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return packs;
      }
    }
    List<Outbox.Entry> entries = new ArrayList<>();
    for (Pack p : packs) entries.addAll(p.entries());
    try {
      outbox.ack(entries);
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        outboxErrors++;
      }
      String error = e.toString();
      if (!error.equals(loggedAckError)) Logger.warn("forwarder: outbox ack failed; retrying: {}", error);
      loggedAckError = error;
      return packs;
    }
    loggedAckError = null;
    confirmedRows.addAndGet(-entries.size());
    synchronized (this) {
      packsAcked += packs.size();
      itemsAcked += entries.size();
      lastAckMillis = clock.millis();
    }
    return List.of();
  }

  private void pauseAcker() throws InterruptedException {
    synchronized (ackPause) {
      if (running) TimeUnit.MILLISECONDS.timedWait(ackPause, ERROR_PAUSE.toMillis());
    }
  }

  /** At stop: waits up to about a second for confirmations still due, so they need not be sent again. */
  private void drainOutstanding() throws InterruptedException {
    for (int round = 0; round < 20 && !outstanding.isEmpty(); round++) {
      settle();
      if (!outstanding.isEmpty()) pause(Duration.ofMillis(50));
    }
  }

  /** At stop: waits for the ack in progress, then acks what is still confirmed, once; failures are logged. */
  private void finishAcks() throws InterruptedException {
    try {
      List<Pack> failed = acking.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      confirmed.addAll(0, failed);
    } catch (ExecutionException | TimeoutException e) {
      Logger.warn("forwarder: ack in progress did not finish at stop: {}", e.toString());
      return;
    }
    acking = CompletableFuture.completedFuture(List.of());
    if (confirmed.isEmpty()) return;
    List<Pack> left = ack(List.copyOf(confirmed), false);
    if (!left.isEmpty()) Logger.warn("forwarder: {} confirmed pack(s) not acked at stop; they will be sent again",
        left.size());
  }

  private void reset() {
    outstanding.clear();
    confirmed.clear();
    confirmedRows.set(0);
    acking = CompletableFuture.completedFuture(List.of());
    resend.values().forEach(PriorityQueue::clear);
    ahead.values().forEach(ArrayDeque::clear);
    for (Priority p : Priority.values()) {
      cursor.put(p, 0L);
    }
  }

  private static UplinkTopic topic(Priority priority) {
    return priority == Priority.EVENT ? UplinkTopic.EVENTS : UplinkTopic.TELEMETRY;
  }

  /** Waits until a pack or an ack completes, {@link #stop} is called, or the timeout passes. */
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
