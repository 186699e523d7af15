package dev.jaga.bench;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The baseline the stream is held against: PostgreSQL encoding the same rows to JSON itself and
 * sending them with {@code COPY ... TO STDOUT}, read by a plain JDBC client, which is as fast as
 * one backend can hand JSON out.
 */
final class CopyBaseline {
  private final DataSource owner;
  private final String sql;

  CopyBaseline(DataSource owner, String tenantId) {
    this.owner = owner;
    // COPY takes no bind parameters; the id is our own constant slug, never user input.
    this.sql =
        "COPY (SELECT row_to_json(c) FROM app.contacts c WHERE tenant_id = '" + tenantId + "') TO STDOUT";
  }

  String sql() {
    return sql;
  }

  /** One COPY, counting rows (one CopyData message each) and their bytes. */
  Throughput run() throws SQLException {
    try (Connection connection = owner.getConnection()) {
      long started = System.nanoTime();
      CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
      long rows = 0;
      long bytes = 0;
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        rows++;
        bytes += row.length;
      }
      return new Throughput(rows, bytes, System.nanoTime() - started);
    }
  }
}
