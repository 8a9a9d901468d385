// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Priority;

/**
 * Per-uplink delivery state and dead letters in the outbox file. {@code delivery(uplink, id)} holds a row only
 * while one uplink has acked an outbox row that another carrier still owes; when the last carrier acks, the outbox
 * row and its marks go in the same transaction. So with one uplink, or uplinks in step, the table stays empty and
 * acking costs what it did before. Statements run on the caller's connection and transaction.
 */
final class DeliveryTable {
  static final String NEXT_FOR_SQL = "SELECT id, time_ms, body, record FROM outbox o WHERE priority = ? AND id > ?"
      + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.uplink = ? AND d.id = o.id) ORDER BY id LIMIT ?";

  /** Dead letters kept; older ones go (each was also reported as an event). */
  static final int MAX_DEAD_LETTERS = 1000;

  private DeliveryTable() {}

  /** Rows of {@code priority} after {@code afterId} that {@code uplink} has not acked, oldest first. */
  static List<Outbox.Entry> next(OutboxTable table, String uplink, Priority priority, long afterId, int max)
      throws SQLException {
    List<Outbox.Entry> entries = new ArrayList<>(Math.min(max, 1024));
    try (PreparedStatement ps = table.connection().prepareStatement(NEXT_FOR_SQL)) {
      ps.setInt(1, OutboxTable.code(priority));
      ps.setLong(2, afterId);
      ps.setString(3, uplink);
      ps.setInt(4, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(OutboxTable.entry(rs, table.file()));
        }
      }
    }
    return entries;
  }

  /**
   * Records {@code uplink}'s ack of these entries. Returns the entries every carrier has now acked: the caller
   * deletes those outbox rows; their marks are already gone.
   */
  static List<Outbox.Entry> ack(Connection c, String uplink, Carriers carriers, List<Outbox.Entry> entries)
      throws SQLException {
    List<Outbox.Entry> done = new ArrayList<>();
    try (PreparedStatement has = c.prepareStatement("SELECT 1 FROM delivery WHERE uplink = ? AND id = ?");
        PreparedStatement mark = c.prepareStatement("INSERT OR IGNORE INTO delivery (uplink, id) VALUES (?, ?)");
        PreparedStatement forget = c.prepareStatement("DELETE FROM delivery WHERE id = ?")) {
      for (Outbox.Entry e : entries) {
        boolean all = true;
        for (String other : carriers.others(uplink, e.item().priority())) {
          has.setString(1, other);
          has.setLong(2, e.id());
          try (ResultSet rs = has.executeQuery()) {
            all &= rs.next();
          }
          if (!all) break;
        }
        if (all) {
          forget.setLong(1, e.id());
          forget.executeUpdate();
          done.add(e);
        } else {
          mark.setString(1, uplink);
          mark.setLong(2, e.id());
          mark.executeUpdate();
        }
      }
    }
    return done;
  }

  /** Drops marks of rows up to {@code lastId} that are no longer in the outbox (removed by a cap). */
  static void forgetMissing(Connection c, long lastId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM delivery WHERE id <= ?"
        + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = delivery.id)")) {
      ps.setLong(1, lastId);
      ps.executeUpdate();
    }
  }

  static void insert(Connection c, DeadLetter d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dead_letter (uplink, kind, time_ms, reason,"
        + " content_format, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, d.uplink());
      ps.setString(2, d.kind());
      ps.setLong(3, d.timeMillis());
      ps.setString(4, d.reason());
      ps.setInt(5, d.contentFormat());
      ps.setBytes(6, d.payload());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "DELETE FROM dead_letter WHERE id <= (SELECT max(id) FROM dead_letter) - ?")) {
      ps.setInt(1, MAX_DEAD_LETTERS);
      ps.executeUpdate();
    }
  }

  /** The newest {@code max} dead letters, oldest first. */
  static List<DeadLetter> deadLetters(Connection c, int max) throws SQLException {
    List<DeadLetter> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT uplink, kind, time_ms, reason, content_format, payload"
        + " FROM (SELECT * FROM dead_letter ORDER BY id DESC LIMIT ?) ORDER BY id")) {
      ps.setInt(1, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DeadLetter(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getInt(5),
              rs.getBytes(6)));
        }
      }
    }
    return out;
  }
}
