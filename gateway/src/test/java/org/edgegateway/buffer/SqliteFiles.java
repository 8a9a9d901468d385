// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Looks into an outbox file with plain JDBC, the way an operator would with the sqlite3 shell. */
final class SqliteFiles {
  private SqliteFiles() {}

  /** The rows of {@code PRAGMA integrity_check}: {@code [ok]} for a sound file. */
  static List<String> integrityCheck(Path file) throws SQLException {
    return column(file, "PRAGMA integrity_check");
  }

  /** The detail lines of SQLite's plan for {@code sql}, with every parameter bound to 1. */
  static List<String> queryPlan(Path file, String sql, int parameters) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      for (int i = 1; i <= parameters; i++) ps.setInt(i, 1);
      List<String> details = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) details.add(rs.getString("detail"));
      }
      return details;
    }
  }

  /** Runs one statement that changes the file. */
  static void execute(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  /** The first column of every row {@code sql} returns, as text. */
  static List<String> column(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rs.next()) values.add(rs.getString(1));
      return values;
    }
  }
}
