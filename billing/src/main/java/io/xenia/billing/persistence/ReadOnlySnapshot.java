package io.xenia.billing.persistence;

import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A read-only, repeatable-read transaction: every query in it sees the same snapshot, so a report
 * or a reconciliation whose sections are read one after the other still adds up while charging goes
 * on. For billing's own threads only ({@link Sql#await}).
 */
public final class ReadOnlySnapshot implements AutoCloseable {
  private static final int FETCH = 1000;

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

  /**
   * Streams the rows of one statement through {@code each}, {@value #FETCH} at a time (a cursor in
   * this transaction), so a statement over millions of rows never holds them all.
   */
  public void forEach(String sql, Tuple parameters, Consumer<Row> each) {
    PreparedStatement statement = Sql.await(connection.prepare(sql));
    try {
      Cursor cursor = statement.cursor(parameters);
      try {
        do {
          for (Row row : Sql.await(cursor.read(FETCH))) {
            each.accept(row);
          }
        } while (cursor.hasMore());
      } finally {
        Sql.await(cursor.close());
      }
    } finally {
      Sql.await(statement.close());
    }
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
