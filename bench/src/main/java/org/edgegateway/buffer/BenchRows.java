// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.edgegateway.data.Item;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.StoredRecord;

/**
 * For the benchmarks: the outbox's row encoding and schema from outside the package, a bare JDBC connection with
 * the writer's pragmas, and a fast bulk fill (synchronous off) for pre-filling large buffers.
 */
public final class BenchRows {
  /** The insert the writer runs: priority, time, body ({@link #encode}), record ({@link #record}, may be null). */
  public static final String INSERT_SQL = OutboxTable.INSERT_SQL;

  private BenchRows() {}

  /** The row body the outbox stores for {@code item}. */
  public static byte[] encode(Item item) {
    return ItemCodec.encode(item);
  }

  /** The stored record the outbox keeps with a reading (null for an event), encoded by the writer at commit. */
  public static byte[] record(Item item) {
    return item instanceof Reading r ? StoredRecord.of(r) : null;
  }

  /** The priority code stored with the row. */
  public static int code(Item item) {
    return OutboxTable.code(item.priority());
  }

  /** Creates the outbox schema with the writer's pragmas (as the gateway does at open), then closes. */
  public static void createSchema(Path file) throws SQLException {
    OutboxTable.openWriter(file, true).close();
  }

  /** A bare connection with the same pragmas the writer sets (WAL, synchronous, size limit, busy timeout). */
  public static Connection openLikeWriter(Path file, boolean synchronousFull) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = " + (synchronousFull ? "FULL" : "NORMAL"));
      s.execute("PRAGMA journal_size_limit = " + (8L * 1024 * 1024));
    }
    return c;
  }

  /**
   * Appends rows {@code from} .. {@code to - 1} made by {@code items} with synchronous off (pre-fill only, not
   * measured), in transactions of 50,000, and adds them to the stored counts so an opened outbox sees them.
   */
  public static void bulkFill(Path file, long from, long to, LongFunction<Item> items) throws SQLException {
    createSchema(file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = OFF");
      }
      c.setAutoCommit(false);
      long[] counts = new long[2];
      try (PreparedStatement ps = c.prepareStatement(INSERT_SQL)) {
        for (long i = from; i < to; i++) {
          Item item = items.apply(i);
          ps.setInt(1, code(item));
          ps.setLong(2, item.timeMillis());
          ps.setBytes(3, encode(item));
          ps.setBytes(4, record(item));
          ps.addBatch();
          counts[code(item)]++;
          if ((i - from + 1) % 50_000 == 0 || i == to - 1) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_count (priority, n) VALUES (?, ?)"
          + " ON CONFLICT (priority) DO UPDATE SET n = n + excluded.n")) {
        for (int p = 0; p < 2; p++) {
          ps.setInt(1, p);
          ps.setLong(2, counts[p]);
          ps.executeUpdate();
        }
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
  }

  /** {@code EXPLAIN QUERY PLAN} of the statements whose cost must not grow with the backlog. */
  public static List<String> queryPlans(Path file) throws SQLException {
    List<String> out = new ArrayList<>();
    String[] sql = {OutboxTable.NEXT_SQL, OutboxTable.OLDEST_SQL, OutboxTable.DELETE_RANGE_SQL,
        "DELETE FROM outbox WHERE priority = ? AND id <= ?", DeliveryTable.NEXT_FOR_SQL};
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      for (String q : sql) {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + q)) {
          int n = ps.getParameterMetaData().getParameterCount();
          for (int i = 1; i <= n; i++) ps.setLong(i, 1);
          StringBuilder plan = new StringBuilder();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) plan.append(plan.length() == 0 ? "" : "; ").append(rs.getString(4));
          }
          out.add(q + "\n    -> " + plan);
        }
      }
    }
    return out;
  }
}
