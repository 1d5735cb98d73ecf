package io.xenia.billing.persistence;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.function.Function;

/**
 * Runs work in one database transaction on the calling thread (never a Vert.x event loop): the work
 * issues its statements with {@link Sql#await}; it commits when the work returns and rolls back
 * when it throws.
 */
public final class Transactions {
  private Transactions() {}

  public static <T> T inTransaction(Pool pool, Function<SqlConnection, T> work) {
    SqlConnection connection = Sql.await(pool.getConnection());
    try {
      Transaction tx = Sql.await(connection.begin());
      T result;
      try {
        result = work.apply(connection);
      } catch (RuntimeException e) {
        try {
          Sql.await(tx.rollback());
        } catch (RuntimeException alreadyRolledBack) {
          e.addSuppressed(alreadyRolledBack);
        }
        throw e;
      }
      Sql.await(tx.commit());
      return result;
    } finally {
      connection.close();
    }
  }
}
