// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.tinylog.Logger;

/**
 * The durable outbox: a SQLite file in WAL mode, written by one writer thread in group commits, read by
 * forwarders on a connection of their own. What {@link #flush}, {@link #highestCommittedId} or the
 * {@link CommitListener} report as committed survives a process kill, and with {@code synchronousFull} a power
 * loss too. A full disk or I/O error never ends the writer: items wait in the bounded queues, and it retries.
 */
public final class SqliteOutbox implements Outbox {
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
  private static final long TASK_TIMEOUT_MILLIS = 10_000;

  private final OutboxSettings settings;
  private final OfferQueue queue;
  private final OutboxLedger ledger;
  private final OutboxWriter writer;
  private final Thread writerThread;
  private final OutboxTable reader;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Carriers carriers;

  private SqliteOutbox(OutboxSettings settings, OfferQueue queue, OutboxLedger ledger, OutboxWriter writer,
      OutboxTable reader, Carriers carriers) {
    this.carriers = carriers;
    this.settings = settings;
    this.queue = queue;
    this.ledger = ledger;
    this.writer = writer;
    this.reader = reader;
    this.writerThread = new Thread(writer, "outbox-writer");
    writerThread.setDaemon(true);
    queue.attachWriter(writerThread);
  }

  /** Opens (creating if needed) the database and starts the writer thread. */
  public static SqliteOutbox open(OutboxSettings settings, Clock clock) throws IOException {
    return open(settings, clock, highestId -> { });
  }

  /**
   * Opens (creating if needed) the database and starts the writer thread, which calls {@code listener} after
   * each commit. Stored rows are read from the count table kept with them, so opening a large file is quick.
   */
  public static SqliteOutbox open(OutboxSettings settings, Clock clock, CommitListener listener) throws IOException {
    return open(settings, clock, listener, null);
  }

  /**
   * As {@link #open(OutboxSettings, Clock, CommitListener)}, with per-uplink delivery state for {@code carriers}
   * (null for none): see {@link #forUplink}.
   */
  public static SqliteOutbox open(OutboxSettings settings, Clock clock, CommitListener listener, Carriers carriers)
      throws IOException {
    if (clock == null) throw new IllegalArgumentException("clock null");
    if (listener == null) throw new IllegalArgumentException("listener null");
    OutboxTable table = null;
    OutboxTable reader = null;
    try {
      table = OutboxTable.openWriter(settings.file(), settings.synchronousFull());
      OutboxLedger ledger = new OutboxLedger();
      long oldestEvent = table.oldestMillis(Priority.EVENT);
      long oldestTelemetry = table.oldestMillis(Priority.TELEMETRY);
      ledger.opened(table.count(Priority.EVENT), table.count(Priority.TELEMETRY),
          OutboxLedger.oldest(oldestEvent, oldestTelemetry), table.usedBytes(), table.highestId());
      reader = OutboxTable.openReader(settings.file());
      OfferQueue queue = new OfferQueue(settings.queueCapacity(), settings.eventQueueCapacity(),
          settings.commitRows());
      OutboxWriter writer = new OutboxWriter(settings, clock, table, queue, ledger, listener, oldestTelemetry);
      SqliteOutbox outbox = new SqliteOutbox(settings, queue, ledger, writer, reader, carriers);
      outbox.writerThread.start();
      OutboxStats stats = ledger.stats();
      Logger.info("outbox {} opened: {} event(s), {} telemetry item(s) stored", settings.file(),
          stats.storedEvents(), stats.storedTelemetry());
      return outbox;
    } catch (SQLException e) {
      closeQuietly(reader, e);
      closeQuietly(table, e);
      throw new IOException("cannot open outbox " + settings.file() + ": " + e.getMessage(), e);
    }
  }

  /** Queues the item for the writer; never blocks. False (and counted) when its queue is full or after close. */
  @Override
  public boolean offer(Item item) {
    if (item == null) throw new IllegalArgumentException("item null");
    if (closed.get()) {
      ledger.drops().add(DropCause.CLOSED, item.priority(), 1);
      return false;
    }
    if (queue.offer(item)) return true;
    ledger.drops().add(DropCause.QUEUE_FULL, item.priority(), 1);
    return false;
  }

  @Override
  public List<Entry> next(Priority priority, long afterId, int max) throws IOException {
    if (priority == null) throw new IllegalArgumentException("priority null");
    if (max < 1) throw new IllegalArgumentException("max below 1: " + max);
    synchronized (reader) {
      if (closed.get()) throw new IOException("outbox closed: " + settings.file());
      try {
        return reader.next(priority, afterId, max);
      } catch (SQLException e) {
        throw new IOException("cannot read outbox " + settings.file() + " after id " + afterId + ": "
            + e.getMessage(), e);
      }
    }
  }

  /** Deletes the rows on the writer thread and waits for that commit (at most 10 s); counters follow it. */
  @Override
  public void ack(List<Entry> entries) throws IOException {
    if (entries == null) throw new IllegalArgumentException("entries null");
    if (entries.isEmpty()) return;
    if (closed.get()) throw new IOException("outbox closed: " + settings.file());
    writer.submit(() -> writer.ack(entries), TASK_TIMEOUT_MILLIS, "ack of " + entries.size() + " row(s) in "
        + settings.file());
  }

  @Override
  public Outbox forUplink(String uplink) {
    if (carriers == null) return Outbox.super.forUplink(uplink);
    carriers.check(uplink);
    return new UplinkView(this, uplink, carriers, this::nextFor, this::ackFor);
  }

  private List<Entry> nextFor(String uplink, Priority priority, long afterId, int max) throws IOException {
    synchronized (reader) {
      if (closed.get()) throw new IOException("outbox closed: " + settings.file());
      try {
        return DeliveryTable.next(reader, uplink, priority, afterId, max);
      } catch (SQLException e) {
        throw new IOException("cannot read outbox " + settings.file() + " for " + uplink + " after id " + afterId
            + ": " + e.getMessage(), e);
      }
    }
  }

  private void ackFor(String uplink, List<Entry> entries) throws IOException {
    if (entries.isEmpty()) return;
    if (closed.get()) throw new IOException("outbox closed: " + settings.file());
    writer.submit(() -> writer.ack(uplink, carriers, entries), TASK_TIMEOUT_MILLIS, "ack of " + entries.size()
        + " row(s) by " + uplink + " in " + settings.file());
  }

  @Override
  public void deadLetter(DeadLetter letter) throws IOException {
    if (letter == null) throw new IllegalArgumentException("letter null");
    if (closed.get()) throw new IOException("outbox closed: " + settings.file());
    writer.submit(() -> writer.deadLetter(letter), TASK_TIMEOUT_MILLIS, "dead letter in " + settings.file());
  }

  @Override
  public List<DeadLetter> deadLetters(int max) throws IOException {
    synchronized (reader) {
      if (closed.get()) throw new IOException("outbox closed: " + settings.file());
      try {
        return DeliveryTable.deadLetters(reader.connection(), max);
      } catch (SQLException e) {
        throw new IOException("cannot read dead letters in " + settings.file() + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public OutboxStats stats() {
    return ledger.stats();
  }

  /** The highest id the writer has committed (or found at open); every offered row up to it is on disk. */
  public long highestCommittedId() {
    return ledger.highestId();
  }

  @Override
  public boolean flush(long timeoutMillis) throws InterruptedException {
    long target = queue.accepted();
    queue.wakeWriter();
    return ledger.awaitOffers(target, timeoutMillis);
  }

  /**
   * Lets the writer commit what is queued (at most 10 s), then closes both connections, even when that final
   * write failed; the first failure is rethrown. Idempotent.
   */
  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) return;
    IOException first = null;
    writer.stop();
    try {
      writerThread.join(CLOSE_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writerThread.isAlive()) {
      writerThread.interrupt();
      first = new IOException("outbox writer for " + settings.file() + " did not finish within "
          + CLOSE_TIMEOUT_MILLIS + " ms");
    } else if (writer.lostAtClose() > 0) {
      first = new IOException(writer.lostAtClose() + " item(s) not written to " + settings.file() + " at close: "
          + writer.lastError());
    }
    synchronized (reader) {
      try {
        reader.close();
      } catch (SQLException e) {
        IOException io = new IOException("cannot close outbox reader " + settings.file(), e);
        if (first == null) first = io;
        else first.addSuppressed(io);
      }
    }
    if (first != null) throw first;
  }

  /**
   * For tests: sets SQLite's {@code max_page_count} on the writer connection, which fails writes with
   * {@code SQLITE_FULL} like a full disk once the file has that many pages. Returns the limit in force.
   */
  long maxPageCount(long pages) throws IOException {
    return writer.submit(() -> writer.maxPageCount(pages), TASK_TIMEOUT_MILLIS, "max_page_count");
  }

  private static void closeQuietly(OutboxTable table, SQLException cause) {
    if (table == null) return;
    try {
      table.close();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
