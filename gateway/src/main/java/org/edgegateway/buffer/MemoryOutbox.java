// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;

/**
 * An outbox in memory with the same ordering, caps, event reserve and drop reports as {@link SqliteOutbox}, but
 * no durability and no writer queue: {@link #offer} stores at once. For other components' tests and for
 * running without a disk. Size is estimated from each item's encoded length plus a per-row overhead.
 */
public final class MemoryOutbox implements Outbox {
  private static final int ROW_OVERHEAD_BYTES = 40;

  private final OutboxSettings settings;
  private final Clock clock;
  private final Map<Priority, NavigableMap<Long, Entry>> rows = new EnumMap<>(Priority.class);
  private final DropCounts drops = new DropCounts();
  private final DropReport report;
  private final Carriers carriers;
  private final Map<String, Set<Long>> delivered = new HashMap<>();
  private final ArrayDeque<DeadLetter> deadLetters = new ArrayDeque<>();
  private long lastId;
  private long bytes;
  private long committed;
  private long acked;
  private boolean closed;

  /** An outbox holding at most {@code maxRows}, with the default age cap, event reserve and drop reports. */
  public MemoryOutbox(long maxRows, Clock clock) {
    this(OutboxSettings.defaults(Path.of("memory")).withMaxRows(maxRows), clock);
  }

  /** An outbox with these caps; the settings' file and queue sizes are not used. */
  public MemoryOutbox(OutboxSettings settings, Clock clock) {
    this(settings, clock, null);
  }

  /** An outbox with these caps and per-uplink delivery state for {@code carriers} (null for none). */
  public MemoryOutbox(OutboxSettings settings, Clock clock, Carriers carriers) {
    this.carriers = carriers;
    if (carriers != null) carriers.uplinks().keySet().forEach(u -> delivered.put(u, new HashSet<>()));
    if (settings == null) throw new IllegalArgumentException("settings null");
    if (clock == null) throw new IllegalArgumentException("clock null");
    this.settings = settings;
    this.clock = clock;
    this.report = new DropReport(clock, settings.dropReportInterval());
    for (Priority p : Priority.values()) rows.put(p, new TreeMap<>());
  }

  /** Stores the item at once, then trims to the caps and adds a drop report when one is due. */
  @Override
  public synchronized boolean offer(Item item) {
    if (item == null) throw new IllegalArgumentException("item null");
    if (closed) {
      drops.add(DropCause.CLOSED, item.priority(), 1);
      return false;
    }
    store(item);
    trim();
    long[] totals = drops.snapshot();
    List<Event> reports = report.due(totals);
    if (!reports.isEmpty()) {
      reports.forEach(this::store);
      trim();
      report.reported(totals);
    }
    return true;
  }

  @Override
  public synchronized List<Entry> next(Priority priority, long afterId, int max) {
    if (priority == null) throw new IllegalArgumentException("priority null");
    if (max < 1) throw new IllegalArgumentException("max below 1: " + max);
    List<Entry> entries = new ArrayList<>(Math.min(max, 1024));
    for (Entry e : rows.get(priority).tailMap(afterId, false).values()) {
      if (entries.size() == max) break;
      entries.add(e);
    }
    return entries;
  }

  @Override
  public synchronized void ack(List<Entry> entries) {
    if (entries == null) throw new IllegalArgumentException("entries null");
    for (Entry e : entries) {
      Entry removed = rows.get(e.item().priority()).remove(e.id());
      if (removed != null) {
        bytes -= size(removed.item());
        acked++;
      }
    }
  }

  @Override
  public Outbox forUplink(String uplink) {
    if (carriers == null) return Outbox.super.forUplink(uplink);
    carriers.check(uplink);
    return new UplinkView(this, uplink, carriers, this::nextFor, this::ackFor);
  }

  private synchronized List<Entry> nextFor(String uplink, Priority priority, long afterId, int max) {
    Set<Long> mine = delivered.get(uplink);
    List<Entry> entries = new ArrayList<>();
    for (Entry e : rows.get(priority).tailMap(afterId, false).values()) {
      if (entries.size() == max) break;
      if (!mine.contains(e.id())) entries.add(e);
    }
    return entries;
  }

  private synchronized void ackFor(String uplink, List<Entry> entries) {
    List<Entry> done = new ArrayList<>();
    for (Entry e : entries) {
      if (!rows.get(e.item().priority()).containsKey(e.id())) continue;
      boolean all = carriers.others(uplink, e.item().priority()).stream()
          .allMatch(o -> delivered.get(o).contains(e.id()));
      if (all) {
        delivered.values().forEach(d -> d.remove(e.id()));
        done.add(e);
      } else {
        delivered.get(uplink).add(e.id());
      }
    }
    ack(done);
  }

  @Override
  public synchronized void deadLetter(DeadLetter letter) {
    if (letter == null) throw new IllegalArgumentException("letter null");
    deadLetters.addLast(letter);
    if (deadLetters.size() > DeliveryTable.MAX_DEAD_LETTERS) deadLetters.removeFirst();
  }

  @Override
  public synchronized List<DeadLetter> deadLetters(int max) {
    List<DeadLetter> all = new ArrayList<>(deadLetters);
    return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
  }

  @Override
  public synchronized OutboxStats stats() {
    long oldest = 0;
    for (NavigableMap<Long, Entry> m : rows.values()) {
      if (m.isEmpty()) continue;
      long t = m.firstEntry().getValue().item().timeMillis();
      if (oldest == 0 || t < oldest) oldest = t;
    }
    return new OutboxStats(rows.get(Priority.EVENT).size(), rows.get(Priority.TELEMETRY).size(), oldest, bytes,
        committed, acked, drops.otherDrops(), drops.capDrops(), 0);
  }

  /** Always true: offered items are stored at once. */
  @Override
  public boolean flush(long timeoutMillis) {
    return true;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void store(Item item) {
    // No writer thread here: the stored record is made at once, as the item is stored.
    long id = ++lastId;
    rows.get(item.priority()).put(id, new Entry(id, item));
    bytes += size(item);
    committed++;
  }

  private void trim() {
    NavigableMap<Long, Entry> telemetry = rows.get(Priority.TELEMETRY);
    long cutoff = clock.millis() - settings.maxAge().toMillis();
    while (!telemetry.isEmpty() && telemetry.firstEntry().getValue().item().timeMillis() < cutoff) {
      dropOldest(Priority.TELEMETRY, DropCause.AGE_CAP, 1);
    }
    Retention plan = Retention.plan(settings, rows.get(Priority.EVENT).size(), telemetry.size(), bytes);
    dropOldest(Priority.TELEMETRY, DropCause.ROW_CAP, plan.telemetryByRows());
    dropOldest(Priority.TELEMETRY, DropCause.SIZE_CAP, plan.telemetryBySize());
    dropOldest(Priority.EVENT, DropCause.ROW_CAP, plan.eventsByRows());
    dropOldest(Priority.EVENT, DropCause.SIZE_CAP, plan.eventsBySize());
  }

  private void dropOldest(Priority priority, DropCause cause, long n) {
    NavigableMap<Long, Entry> m = rows.get(priority);
    long gone = 0;
    for (; gone < n && !m.isEmpty(); gone++) {
      Map.Entry<Long, Entry> e = m.pollFirstEntry();
      bytes -= size(e.getValue().item());
      delivered.values().forEach(d -> d.remove(e.getKey()));
    }
    drops.add(cause, priority, gone);
  }

  private static long size(Item item) {
    return ItemCodec.encode(item).length + ROW_OVERHEAD_BYTES;
  }
}
