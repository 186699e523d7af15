package dev.jaga.bench.measure;

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
public final class CopyBaseline {
  private final DataSource owner;
  private final String sql;

  public CopyBaseline(DataSource owner, String tenantId, String table) {
    this.owner = owner;
    this.sql = sql(tenantId, table);
  }

  /** COPY takes no bind parameters; the id is the bench's own constant slug, never user input. */
  public static String sql(String tenantId, String table) {
    return "COPY (SELECT row_to_json(c) FROM " + table + " c WHERE tenant_id = '" + tenantId + "') TO STDOUT";
  }

  public String sql() {
    return sql;
  }

  /** One COPY, counting rows (one CopyData message each) and their bytes. */
  public Throughput run() throws SQLException {
    try (Connection connection = owner.getConnection()) {
      long started = System.nanoTime();
      CopyOut copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(sql);
      long rows = 0;
      long bytes = 0;
      long first = 0;
      byte[] row;
      while ((row = copy.readFromCopy()) != null) {
        if (rows++ == 0) {
          first = System.nanoTime() - started;
        }
        bytes += row.length;
      }
      return new Throughput(rows, bytes, System.nanoTime() - started, first);
    }
  }
}
