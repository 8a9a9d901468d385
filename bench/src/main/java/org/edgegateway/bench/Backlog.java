// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * Fills an outbox file with a large telemetry backlog quickly: a block of real readings goes through the real
 * outbox (so the rows carry the real encoding), then SQL copies the block until the table holds the count asked.
 */
final class Backlog {
  private static final int BLOCK_CHANNELS = 200;
  private static final int BLOCK_STEPS = 5;

  private Backlog() {}

  /** Makes {@code file} hold at least {@code rows} telemetry rows; returns the number of rows it holds. */
  static long fill(Path file, long rows) throws IOException, SQLException, InterruptedException {
    long now = System.currentTimeMillis() - 3_600_000L;
    try (SqliteOutbox o = SqliteOutbox.open(OutboxSettings.defaults(file), Clock.systemUTC())) {
      for (int t = 0; t < BLOCK_STEPS; t++) {
        for (int c = 0; c < BLOCK_CHANNELS; c++) {
          o.offer(new Reading("s" + c + ".moisture", now + t * 100L, 0.2 + c * 1e-4 + t * 1e-5, "/", Quality.OK));
        }
        o.flush(10_000);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA synchronous = OFF");
      }
      long n = count(c);
      try (PreparedStatement copy = c.prepareStatement("INSERT INTO outbox (priority, time_ms, body, record)"
          + " SELECT priority, time_ms, body, record FROM outbox ORDER BY id LIMIT ?")) {
        while (n < rows) {
          copy.setLong(1, Math.min(n, rows - n));
          copy.executeUpdate();
          n = count(c);
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE outbox_count SET n ="
            + " (SELECT count(*) FROM outbox o WHERE o.priority = outbox_count.priority)");
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      return n;
    }
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
