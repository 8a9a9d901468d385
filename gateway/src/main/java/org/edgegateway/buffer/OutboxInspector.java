// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.edgegateway.data.Priority;

/**
 * Reads a buffer file's depth without changing it (read-only connection), for the commissioning check: safe while
 * the gateway runs, since WAL lets readers in beside the writer.
 */
public final class OutboxInspector {
  private OutboxInspector() {}

  /** What a buffer file holds. {@code oldestMillis} is 0 when it is empty. */
  public record Depth(long events, long telemetry, long oldestMillis, long bytes, String integrity) {}

  /** Counts rows per priority and runs SQLite's quick integrity check. */
  public static Depth inspect(Path file) throws IOException {
    if (!Files.exists(file)) throw new IOException("no buffer file " + file + " yet (created at first start)");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
        Statement s = c.createStatement()) {
      long events = 0;
      long telemetry = 0;
      try (ResultSet rs = s.executeQuery("SELECT priority, n FROM outbox_count")) {
        while (rs.next()) {
          if (rs.getInt(1) == OutboxTable.code(Priority.EVENT)) events = rs.getLong(2);
          else telemetry += rs.getLong(2);
        }
      }
      long oldest = 0;
      for (Priority p : Priority.values()) {
        // The oldest row of each priority is the first by id: an index look-up, not a scan.
        try (ResultSet rs = s.executeQuery("SELECT time_ms FROM outbox WHERE priority = " + OutboxTable.code(p)
            + " ORDER BY id LIMIT 1")) {
          if (rs.next()) oldest = oldest == 0 ? rs.getLong(1) : Math.min(oldest, rs.getLong(1));
        }
      }
      long bytes = Files.size(file);
      String integrity;
      try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
        integrity = rs.next() ? rs.getString(1) : "unknown";
      }
      return new Depth(events, telemetry, oldest, bytes, integrity);
    } catch (SQLException e) {
      throw new IOException("cannot read buffer " + file + ": " + e.getMessage(), e);
    }
  }
}
