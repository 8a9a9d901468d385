// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.buffer.BenchRows;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.data.Item;

/**
 * Section 2 of docs/BENCHMARKS.md: readings/s committed by the real SqliteOutbox (offer, writer thread, group
 * commits of the shipped 500 rows / 20 ms, synchronous=FULL) against a bare JDBC loop that inserts the same row
 * encoding into the same schema with the same pragmas in transactions of the same 500 rows. Rounds interleave
 * baseline and subject. Args: {@code [rows per round] [rounds]}.
 */
public final class AppendBench {
  private AppendBench() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = BenchData.tempDir("append");
    OutboxSettings shipped = ReplayBench.shippedOutbox(dir.resolve("x.db"));
    System.out.println(Machine.describe());
    System.out.printf("# append %,d readings per round, %d rounds; commit %d rows or %d ms, synchronous %s%n", rows,
        rounds, shipped.commitRows(), shipped.commitInterval().toMillis(),
        shipped.synchronousFull() ? "FULL" : "NORMAL");
    List<Item> items = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) items.add(BenchData.reading(i));
    try {
      subject(dir.resolve("warm-s.db"), items.subList(0, rows / 4));
      baseline(dir.resolve("warm-b.db"), items.subList(0, rows / 4), shipped.commitRows());
      double ratio = BenchData.interleaved(rounds,
          "bare JDBC", r -> rows / baseline(dir.resolve("b" + r + ".db"), items, shipped.commitRows()),
          "outbox", r -> rows / subject(dir.resolve("s" + r + ".db"), items));
      System.out.printf("ratio outbox/bare JDBC (medians): %.2f (target >= 0.8)%n", ratio);
    } finally {
      BenchData.deleteTree(dir);
    }
  }

  /** Seconds from the first offer until flush returns: every item committed; the producer waits, never drops. */
  static double subject(Path db, List<Item> items) throws Exception {
    try (SqliteOutbox outbox = SqliteOutbox.open(ReplayBench.shippedOutbox(db), Clock.systemUTC())) {
      long start = System.nanoTime();
      long offered = 0;
      for (Item item : items) {
        // A producer that never overruns the writer's queue (10,000): no drops, no drop reports in the figures.
        while (offered - outbox.stats().committed() >= 8_000) LockSupport.parkNanos(100_000);
        if (!outbox.offer(item)) throw new IllegalStateException("offer refused");
        offered++;
      }
      if (!outbox.flush(120_000)) throw new IllegalStateException("flush timed out");
      double seconds = (System.nanoTime() - start) / 1e9;
      if (outbox.stats().storedTelemetry() != items.size()) {
        throw new IllegalStateException("stored " + outbox.stats().storedTelemetry() + " of " + items.size());
      }
      return seconds;
    }
  }

  /**
   * Seconds for a bare loop: encode (the row body and the stored record, as the writer does), batch-insert and commit
   * every {@code commitRows} rows, BEGIN IMMEDIATE.
   */
  static double baseline(Path db, List<Item> items, int commitRows) throws Exception {
    BenchRows.createSchema(db);
    try (Connection c = BenchRows.openLikeWriter(db, true);
        Statement tx = c.createStatement();
        PreparedStatement ps = c.prepareStatement(BenchRows.INSERT_SQL)) {
      long start = System.nanoTime();
      for (int at = 0; at < items.size(); at += commitRows) {
        tx.execute("BEGIN IMMEDIATE");
        for (Item item : items.subList(at, Math.min(items.size(), at + commitRows))) {
          ps.setInt(1, BenchRows.code(item));
          ps.setLong(2, item.timeMillis());
          ps.setBytes(3, BenchRows.encode(item));
          ps.setBytes(4, BenchRows.record(item));
          ps.addBatch();
        }
        ps.executeBatch();
        tx.execute("COMMIT");
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
