// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.tinylog.Logger;

/**
 * The one thread that writes the database: takes groups of items from the {@link OfferQueue}, inserts each group
 * in one transaction together with cap trimming and drop reports, and runs acks handed to it. A failed commit
 * (full disk, I/O error) is rolled back, counted, logged once, and retried with back-off while the items wait in
 * memory; the thread only ends when the outbox closes.
 */
final class OutboxWriter implements Runnable {
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final OutboxSettings settings;
  private final OutboxTable table;
  private final OfferQueue queue;
  private final OutboxLedger ledger;
  private final DropReport report;
  private final CommitListener listener;
  private final ConcurrentLinkedQueue<WriterTask<?>> tasks = new ConcurrentLinkedQueue<>();
  private final List<Item> batch = new ArrayList<>();
  private volatile boolean stopping;
  private volatile boolean stopped;
  private volatile long lostAtClose;
  private volatile String lastError = "";
  // Writer thread only.
  private final GroupTrim trim;
  private long oldestTelemetryMillis;
  private int failures;
  private boolean listenerFailed;

  OutboxWriter(OutboxSettings settings, Clock clock, OutboxTable table, OfferQueue queue, OutboxLedger ledger,
      CommitListener listener, long oldestTelemetryMillis) {
    this.settings = settings;
    this.table = table;
    this.queue = queue;
    this.ledger = ledger;
    this.listener = listener;
    this.report = new DropReport(clock, settings.dropReportInterval());
    this.trim = new GroupTrim(settings, clock, table);
    this.oldestTelemetryMillis = oldestTelemetryMillis;
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (RuntimeException | Error e) {
      Logger.error(e, "outbox writer for {} ended unexpectedly", table.file());
      throw e;
    } finally {
      finish();
    }
  }

  /** Asks the thread to commit what is queued and end. */
  void stop() {
    stopping = true;
    queue.wakeWriter();
  }

  /** Items that could not be written before the writer ended at close. */
  long lostAtClose() {
    return lostAtClose;
  }

  String lastError() {
    return lastError;
  }

  /** Runs {@code work} on the writer thread between groups and waits for it at most {@code timeoutMillis}. */
  <T> T submit(WriterTask.Work<T> work, long timeoutMillis, String what) throws IOException {
    WriterTask<T> task = new WriterTask<>(work);
    tasks.add(task);
    queue.wakeWriter();
    if (stopped) failTasks();
    return task.await(timeoutMillis, what);
  }

  /** Deletes acked rows in one transaction; the counters change only after it committed. Writer thread only. */
  long[] ack(List<Outbox.Entry> entries) throws SQLException {
    return ack(null, null, entries);
  }

  /**
   * Records {@code uplink}'s ack and deletes the rows every carrier has acked, in one transaction; with a null
   * uplink deletes them all. Writer thread only.
   */
  long[] ack(String uplink, Carriers carriers, List<Outbox.Entry> entries) throws SQLException {
    try {
      table.begin();
      List<Outbox.Entry> done = uplink == null ? entries
          : DeliveryTable.ack(table.connection(), uplink, carriers, entries);
      long[] deleted = table.delete(done);
      long ev = deleted[Priority.EVENT.ordinal()];
      long tel = deleted[Priority.TELEMETRY.ordinal()];
      commit(new Tally(-ev, -tel, 0, ev + tel, 0), 0, DropCounts.empty());
      return deleted;
    } catch (SQLException e) {
      table.rollback(e);
      ledger.writeError();
      throw e;
    }
  }

  /** Stores a dead letter in its own transaction. Writer thread only. */
  Void deadLetter(DeadLetter letter) throws SQLException {
    try {
      table.begin();
      DeliveryTable.insert(table.connection(), letter);
      table.commit();
      return null;
    } catch (SQLException e) {
      table.rollback(e);
      ledger.writeError();
      throw e;
    }
  }

  /** Sets {@code max_page_count} on the writer connection (tests simulate a full disk with it). Writer thread only. */
  long maxPageCount(long pages) throws SQLException {
    return table.maxPageCount(pages);
  }

  private void loop() {
    long backoffNanos = 0;
    while (!Thread.currentThread().isInterrupted()) {
      runTasks();
      if (batch.isEmpty()) queue.drainTo(batch, settings.commitRows());
      boolean stop = stopping;
      if (batch.isEmpty() && (stop || !maintenanceDue())) {
        if (stop) return;
        queue.awaitItems(IDLE_NANOS);
        continue;
      }
      if (backoffNanos == 0 && !stop && batch.size() < settings.commitRows()) {
        queue.awaitGroup(settings.commitInterval().toNanos());
        queue.drainTo(batch, settings.commitRows() - batch.size());
      }
      if (commitGroup()) {
        backoffNanos = 0;
      } else if (stop) {
        return;
      } else {
        backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        LockSupport.parkNanos(this, backoffNanos);
      }
    }
  }

  /**
   * Writes the batch, trims to the caps and stores a due drop report, all in one transaction. Counters, the drop
   * report state and the listener are updated only after the commit succeeded. False when it failed.
   */
  private boolean commitGroup() {
    long[] txDrops = DropCounts.empty();
    try {
      table.begin();
      table.insert(batch);
      Tally t = Tally.of(batch);
      t = trim.apply(t, ledger, txDrops);
      long[] totals = plus(ledger.drops().snapshot(), txDrops);
      List<Event> reports = report.due(totals);
      if (!reports.isEmpty()) {
        table.insert(reports);
        t = t.plusReports(reports.size());
        t = trim.apply(t, ledger, txDrops);
      }
      long highestId = t.inserted() > 0 ? table.lastInsertId() : 0;
      commit(t, highestId, txDrops);
      if (!reports.isEmpty()) {
        report.reported(totals);
        for (Event e : reports) Logger.warn("outbox {}: {}", table.file(), e.message());
      }
      batch.clear();
      recovered();
      return true;
    } catch (SQLException | RuntimeException e) {
      SQLException cause = e instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
      table.rollback(cause);
      failed(cause);
      return false;
    }
  }

  /** Commits the open transaction, then records its effect and drops in the ledger. */
  private void commit(Tally t, long highestId, long[] drops) throws SQLException {
    long oldestEvent = table.oldestMillis(Priority.EVENT);
    long oldestTelemetry = table.oldestMillis(Priority.TELEMETRY);
    long bytes = table.usedBytes();
    table.addToCount(Priority.EVENT, t.events());
    table.addToCount(Priority.TELEMETRY, t.telemetry());
    table.commit();
    ledger.drops().addAll(drops);
    // The listener hears of a commit before flush() returns for it.
    if (highestId > 0) notifyListener(highestId);
    oldestTelemetryMillis = oldestTelemetry;
    ledger.committed(new OutboxLedger.Change(t.events(), t.telemetry(), t.inserted(), t.acked(), t.offers(),
        highestId, OutboxLedger.oldest(oldestEvent, oldestTelemetry), bytes));
  }

  private boolean maintenanceDue() {
    boolean aged = oldestTelemetryMillis != 0 && oldestTelemetryMillis < trim.ageCutoff();
    return aged || !report.due(ledger.drops().snapshot()).isEmpty();
  }

  private void runTasks() {
    for (WriterTask<?> task; (task = tasks.poll()) != null; ) {
      SQLException e = task.run();
      if (e != null) lastError = e.getMessage();
    }
  }

  private void failTasks() {
    for (WriterTask<?> task; (task = tasks.poll()) != null; ) task.fail(new IOException("outbox closed"));
  }

  private void failed(SQLException e) {
    ledger.writeError();
    lastError = e.getMessage();
    if (failures++ == 0) {
      Logger.warn("outbox {}: cannot write ({}); {} item(s) wait in memory, retrying with back-off",
          table.file(), e.getMessage(), batch.size());
    }
  }

  private void recovered() {
    if (failures == 0) return;
    Logger.info("outbox {}: writing again after {} failed attempt(s)", table.file(), failures);
    failures = 0;
  }

  private void notifyListener(long highestId) {
    try {
      listener.committed(highestId);
    } catch (RuntimeException e) {
      if (!listenerFailed) Logger.warn(e, "outbox {}: commit listener failed; further failures not logged",
          table.file());
      listenerFailed = true;
    }
  }

  private void finish() {
    long lost = batch.size();
    for (Item item : batch) ledger.drops().add(DropCause.CLOSED, item.priority(), 1);
    batch.clear();
    while (queue.drainTo(batch, Integer.MAX_VALUE) > 0) {
      for (Item item : batch) ledger.drops().add(DropCause.CLOSED, item.priority(), 1);
      lost += batch.size();
      batch.clear();
    }
    if (lost > 0) Logger.error("outbox {}: {} item(s) not written at close: {}", table.file(), lost, lastError);
    lostAtClose = lost;
    stopped = true;
    failTasks();
    try {
      table.close();
    } catch (SQLException e) {
      Logger.warn("outbox {}: closing the writer connection failed: {}", table.file(), e.getMessage());
    }
    ledger.writerStopped();
  }

  private static long[] plus(long[] a, long[] b) {
    long[] sum = a.clone();
    for (int i = 0; i < sum.length; i++) sum[i] += b[i];
    return sum;
  }
}
