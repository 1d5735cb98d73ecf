package io.xenia.billing.persistence;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A read-only, repeatable-read transaction: every query in it sees the same snapshot, so a report
 * or a reconciliation whose sections are read one after the other still adds up while charging goes
 * on. For billing's own threads only ({@link Sql#await}).
 */
public final class ReadOnlySnapshot implements AutoCloseable {
  private final SqlConnection connection;

  private ReadOnlySnapshot(SqlConnection connection) {
    this.connection = connection;
  }

  /** Runs {@code work} in a snapshot and ends the transaction (rolled back: it wrote nothing). */
  public static <T> T read(Pool pool, Function<ReadOnlySnapshot, T> work) {
    SqlConnection connection = Sql.await(pool.getConnection());
    try (ReadOnlySnapshot snapshot = new ReadOnlySnapshot(connection)) {
      Sql.await(
          connection
              .query("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
              .execute());
      return work.apply(snapshot);
    }
  }

  /** The rows of one statement, mapped. */
  public <T> List<T> rows(String sql, Tuple parameters, Function<Row, T> mapping) {
    List<T> out = new ArrayList<>();
    for (Row row : Sql.await(connection.preparedQuery(sql).execute(parameters))) {
      out.add(mapping.apply(row));
    }
    return out;
  }

  @Override
  public void close() {
    try {
      Sql.await(connection.query("ROLLBACK").execute());
    } finally {
      connection.close();
    }
  }
}
