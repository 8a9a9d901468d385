// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.StoredRecord;

/**
 * The outbox table on one SQLite connection. Every query that walks rows goes through the primary key or the
 * {@code (priority, id)} index, so its cost does not grow with the backlog. Not thread-safe: the writer owns
 * one instance, the readers share another under a lock.
 */
final class OutboxTable implements AutoCloseable {
  static final String NEXT_SQL =
      "SELECT id, time_ms, body, record FROM outbox WHERE priority = ? AND id > ? ORDER BY id LIMIT ?";
  static final String INSERT_SQL = "INSERT INTO outbox (priority, time_ms, body, record) VALUES (?, ?, ?, ?)";
  /** Deletes acked rows of one priority in an id range (one id when both ends are the same). */
  static final String DELETE_RANGE_SQL = "DELETE FROM outbox WHERE priority = ? AND id >= ? AND id <= ?";
  private static final String ROW_BETWEEN_SQL =
      "SELECT 1 FROM outbox WHERE priority = ? AND id > ? AND id < ? LIMIT 1";
  /**
   * The file format, in {@code PRAGMA user_version}: 0 or 1 before the {@code record} column (files of earlier
   * versions, upgraded at open), 2 with it.
   */
  static final int FORMAT = 2;
  static final String OLDEST_SQL = "SELECT id, time_ms FROM outbox WHERE priority = ? ORDER BY id LIMIT ?";
  private static final String[] SCHEMA = {
    // AUTOINCREMENT: ids are never reused, even after the newest row was acked, so "after id" cursors stay valid.
    // record: a reading's StoredRecord, encoded once at commit; null for events and for rows of format 1 files.
    "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, priority INTEGER NOT NULL,"
        + " time_ms INTEGER NOT NULL, body BLOB NOT NULL, record BLOB)",
    "CREATE INDEX IF NOT EXISTS outbox_by_priority ON outbox (priority, id)",
    // Rows per priority, kept in the same transactions as the rows, so opening a large file need not count them.
    "CREATE TABLE IF NOT EXISTS outbox_count (priority INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
    // Per-uplink delivery state: only rows one uplink acked and another not yet (see DeliveryTable).
    "CREATE TABLE IF NOT EXISTS delivery (uplink TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (uplink, id))"
        + " WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS dead_letter (id INTEGER PRIMARY KEY, uplink TEXT NOT NULL, kind TEXT NOT NULL,"
        + " time_ms INTEGER NOT NULL, reason TEXT NOT NULL, content_format INTEGER NOT NULL, payload BLOB NOT NULL)",
  };
  private static final long BUSY_TIMEOUT_MILLIS = 5_000;

  private final Connection connection;
  private final Path file;

  private OutboxTable(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  /**
   * Opens the writer's connection: WAL, the requested sync mode, schema created. Transactions are explicit
   * ({@link #begin}, {@link #commit}, {@link #rollback}): after {@code SQLITE_FULL} or an I/O error SQLite may
   * already have rolled back on its own, which the driver's own transaction handling does not follow.
   */
  static OutboxTable openWriter(Path file, boolean synchronousFull) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) throw new SQLException("WAL refused: " + file);
      }
      s.execute("PRAGMA synchronous = " + (synchronousFull ? "FULL" : "NORMAL"));
      // Keep the WAL file from staying large after a burst once it has been checkpointed.
      s.execute("PRAGMA journal_size_limit = " + (8L * 1024 * 1024));
      for (String ddl : SCHEMA) s.execute(ddl);
      upgrade(c, file);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new OutboxTable(c, file);
  }

  /**
   * Brings a file of an earlier format to {@link #FORMAT} in one transaction: format 1 (no {@code record} column)
   * gets the column, empty for the rows already stored, whose records are then encoded when they are read
   * ({@link #next}); no row is rewritten, so it is quick at any size, and a gateway of the earlier version can still
   * read the file (it ignores the column). A file of a later format is refused rather than misread.
   */
  private static void upgrade(Connection c, Path file) throws SQLException {
    int format;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      format = rs.next() ? rs.getInt(1) : 0;
    }
    if (format == FORMAT) return;
    if (format > FORMAT) {
      throw new SQLException(file + " has buffer format " + format + ", newer than this gateway reads (" + FORMAT
          + "); install the newer version again or move the file away");
    }
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        if (!hasColumn(c, "outbox", "record")) s.execute("ALTER TABLE outbox ADD COLUMN record BLOB");
        s.execute("PRAGMA user_version = " + FORMAT);
        s.execute("COMMIT");
      } catch (SQLException e) {
        try {
          s.execute("ROLLBACK");
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        if (column.equals(rs.getString("name"))) return true;
      }
    }
    return false;
  }

  /** Opens a read-only connection for replay; it sees what the writer committed. */
  static OutboxTable openReader(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      s.execute("PRAGMA query_only = 1");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new OutboxTable(c, file);
  }

  Path file() {
    return file;
  }

  /** For {@link DeliveryTable}, which works on the same connection and transactions. */
  Connection connection() {
    return connection;
  }

  /**
   * Inserts items in order, each getting the next id, a reading with its {@link StoredRecord} (encoded here, on the
   * writer's thread, never in {@code offer}); the caller commits.
   */
  void insert(List<? extends Item> items) throws SQLException {
    if (items.isEmpty()) return;
    try (PreparedStatement ps = connection.prepareStatement(INSERT_SQL)) {
      for (Item item : items) {
        ps.setInt(1, code(item.priority()));
        ps.setLong(2, item.timeMillis());
        ps.setBytes(3, ItemCodec.encode(item));
        if (item instanceof Reading r) {
          ps.setBytes(4, StoredRecord.of(r));
        } else {
          ps.setNull(4, Types.BLOB);
        }
        ps.addBatch();
      }
      // One call into the driver for the whole group: its per-statement overhead (and trace logging) stays flat.
      ps.executeBatch();
    }
  }

  /** The highest id ever committed (acked rows included), 0 if none. */
  long highestId() throws SQLException {
    return queryLong("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'outbox'");
  }

  /** The id of the last row inserted on this connection, 0 if none. */
  long lastInsertId() throws SQLException {
    return queryLong("SELECT last_insert_rowid()");
  }

  /**
   * Deletes these rows by id range, in one batch (one call into the driver however many packs were acked together);
   * returns how many rows of each priority were really deleted (acking twice is harmless). Acked ids of one priority
   * join one range when they are consecutive, or when no row of that priority lies between them (rows of the other
   * priority, or rows already gone): so a backlog acked in order goes in a few range deletes, and a row that was not
   * acked is never inside a range.
   */
  long[] delete(List<Outbox.Entry> entries) throws SQLException {
    long[] deleted = new long[Priority.values().length];
    if (entries.isEmpty()) return deleted;
    try (PreparedStatement ps = connection.prepareStatement(DELETE_RANGE_SQL);
        PreparedStatement between = connection.prepareStatement(ROW_BETWEEN_SQL)) {
      List<Priority> batched = new ArrayList<>();
      for (Priority p : Priority.values()) {
        for (long[] range : ranges(ids(entries, p), (a, b) -> rowBetween(between, p, a, b))) {
          ps.setInt(1, code(p));
          ps.setLong(2, range[0]);
          ps.setLong(3, range[1]);
          ps.addBatch();
          batched.add(p);
        }
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) deleted[batched.get(i).ordinal()] += Math.max(0, counts[i]);
    }
    return deleted;
  }

  /** Whether a row of the priority in question lies strictly between two ids. */
  @FunctionalInterface
  interface RowBetween {
    boolean test(long a, long b) throws SQLException;
  }

  /**
   * The id ranges (first, last) that cover exactly {@code ids} (distinct, ascending) among the rows of their
   * priority: neighbours join when they are consecutive or {@code rowBetween} finds no row between them.
   */
  static List<long[]> ranges(long[] ids, RowBetween rowBetween) throws SQLException {
    List<long[]> ranges = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= ids.length; i++) {
      if (i < ids.length && (ids[i] == ids[i - 1] + 1 || !rowBetween.test(ids[i - 1], ids[i]))) continue;
      ranges.add(new long[] {ids[from], ids[i - 1]});
      from = i;
    }
    return ranges;
  }

  /** The distinct ids of {@code priority} among {@code entries}, ascending. */
  private static long[] ids(List<Outbox.Entry> entries, Priority priority) {
    long[] ids = new long[entries.size()];
    int n = 0;
    for (Outbox.Entry e : entries) if (e.item().priority() == priority) ids[n++] = e.id();
    ids = Arrays.copyOf(ids, n);
    boolean ascending = true;
    for (int i = 1; i < n && ascending; i++) ascending = ids[i] > ids[i - 1];
    if (ascending) return ids; // Packs are acked in the order they were read: the common case.
    Arrays.sort(ids);
    int distinct = 0;
    for (int i = 0; i < n; i++) if (i == 0 || ids[i] != ids[i - 1]) ids[distinct++] = ids[i];
    return Arrays.copyOf(ids, distinct);
  }

  /** Whether a row of {@code priority} lies strictly between ids {@code a} and {@code b}. */
  private static boolean rowBetween(PreparedStatement between, Priority priority, long a, long b) throws SQLException {
    between.setInt(1, code(priority));
    between.setLong(2, a);
    between.setLong(3, b);
    try (ResultSet rs = between.executeQuery()) {
      return rs.next();
    }
  }

  /** Deletes the {@code n} oldest rows of {@code priority}; returns how many went. */
  long deleteOldest(Priority priority, long n) throws SQLException {
    if (n <= 0) return 0;
    long lastId;
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT id FROM outbox WHERE priority = ? ORDER BY id LIMIT 1 OFFSET ?")) {
      ps.setInt(1, code(priority));
      ps.setLong(2, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        lastId = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
      }
    }
    return deleteThrough(priority, lastId);
  }

  /**
   * Deletes telemetry from the oldest end while its time is before {@code cutoffMillis}, at most {@code limit}
   * rows; stops at the first row that is young enough. Returns how many went.
   */
  long deleteTelemetryBefore(long cutoffMillis, int limit) throws SQLException {
    long lastId = -1;
    int seen = 0;
    try (PreparedStatement ps = connection.prepareStatement(OLDEST_SQL)) {
      ps.setInt(1, code(Priority.TELEMETRY));
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && rs.getLong(2) < cutoffMillis) {
          lastId = rs.getLong(1);
          seen++;
        }
      }
    }
    return seen == 0 ? 0 : deleteThrough(Priority.TELEMETRY, lastId);
  }

  private long deleteThrough(Priority priority, long lastId) throws SQLException {
    long gone;
    try (PreparedStatement ps = connection.prepareStatement("DELETE FROM outbox WHERE priority = ? AND id <= ?")) {
      ps.setInt(1, code(priority));
      ps.setLong(2, lastId);
      gone = ps.executeUpdate();
    }
    // Delivery marks of rows the caps removed; the table holds only rows some uplink still owes, so it is small.
    if (gone > 0) DeliveryTable.forgetMissing(connection, lastId);
    return gone;
  }

  /** Rows of {@code priority} after {@code afterId}, oldest first, at most {@code max}. */
  List<Outbox.Entry> next(Priority priority, long afterId, int max) throws SQLException {
    List<Outbox.Entry> entries = new ArrayList<>(Math.min(max, 1024));
    try (PreparedStatement ps = connection.prepareStatement(NEXT_SQL)) {
      ps.setInt(1, code(priority));
      ps.setLong(2, afterId);
      ps.setInt(3, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) entries.add(entry(rs, file));
      }
    }
    return entries;
  }

  /**
   * The entry of the current row of a {@link #NEXT_SQL}-shaped result (id, time, body, record). A reading stored
   * before the record column existed gets its record encoded now, so every reading reaches the forwarder with one.
   */
  static Outbox.Entry entry(ResultSet rs, Path file) throws SQLException {
    long id = rs.getLong(1);
    try {
      Item item = ItemCodec.decode(rs.getBytes(3), rs.getLong(2));
      byte[] record = rs.getBytes(4);
      return record != null ? new Outbox.Entry(id, item, record) : new Outbox.Entry(id, item);
    } catch (IllegalArgumentException e) {
      throw new SQLException("row " + id + " in " + file + " is not a valid item: " + e.getMessage(), e);
    }
  }

  /** The time of the oldest row of {@code priority} by id, or 0 if there is none. */
  long oldestMillis(Priority priority) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(OLDEST_SQL)) {
      ps.setInt(1, code(priority));
      ps.setInt(2, 1);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(2) : 0;
      }
    }
  }

  /**
   * Rows of {@code priority}, from {@code outbox_count}. Only when that row is missing (a file from before it
   * existed) are the rows counted, once, by walking the index, and the count stored. Writer connection only.
   */
  long count(Priority priority) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT n FROM outbox_count WHERE priority = ?")) {
      ps.setInt(1, code(priority));
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return rs.getLong(1);
      }
    }
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO outbox_count (priority, n)"
        + " SELECT ?, count(*) FROM outbox WHERE priority = ?")) {
      ps.setInt(1, code(priority));
      ps.setInt(2, code(priority));
      ps.executeUpdate();
    }
    return count(priority);
  }

  /** Adds {@code delta} to the stored row count of {@code priority}, inside the caller's transaction. */
  void addToCount(Priority priority, long delta) throws SQLException {
    if (delta == 0) return;
    try (PreparedStatement ps = connection.prepareStatement("UPDATE outbox_count SET n = n + ? WHERE priority = ?")) {
      ps.setLong(1, delta);
      ps.setInt(2, code(priority));
      ps.executeUpdate();
    }
  }

  /** Bytes in database pages that hold data (free pages excluded), as seen by this connection's transaction. */
  long usedBytes() throws SQLException {
    long pageSize = queryLong("PRAGMA page_size");
    return (queryLong("PRAGMA page_count") - queryLong("PRAGMA freelist_count")) * pageSize;
  }

  /** Sets {@code PRAGMA max_page_count} (never below the current size); returns the limit now in force. */
  long maxPageCount(long pages) throws SQLException {
    return queryLong("PRAGMA max_page_count = " + pages);
  }

  /** Starts a write transaction; taking the write lock at once keeps a later lock upgrade from failing. */
  void begin() throws SQLException {
    execute("BEGIN IMMEDIATE");
  }

  void commit() throws SQLException {
    execute("COMMIT");
  }

  /**
   * Rolls back if a transaction is still open (SQLite ends some on its own after an error); a failure here is
   * added to {@code cause} rather than hiding it.
   */
  void rollback(SQLException cause) {
    try {
      execute("ROLLBACK");
    } catch (SQLException e) {
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) cause.addSuppressed(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  static int code(Priority priority) {
    return switch (priority) {
      case EVENT -> 0;
      case TELEMETRY -> 1;
    };
  }

  private long queryLong(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
