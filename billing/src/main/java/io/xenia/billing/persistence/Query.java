package io.xenia.billing.persistence;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One prepared statement, waited for on the calling thread ({@link Sql#await}). Parameters bind in
 * order; an {@link Instant} is sent as a UTC timestamptz (the Vert.x client takes OffsetDateTime).
 */
public final class Query {
  private Query() {}

  public static RowSet<Row> run(SqlClient client, String sql, Object... parameters) {
    Tuple tuple = Tuple.tuple();
    for (Object p : parameters) {
      tuple.addValue(p instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : p);
    }
    return Sql.await(client.preparedQuery(sql).execute(tuple));
  }

  public static <T> List<T> list(
      SqlClient client, String sql, Function<Row, T> mapper, Object... parameters) {
    List<T> out = new ArrayList<>();
    for (Row row : run(client, sql, parameters)) {
      out.add(mapper.apply(row));
    }
    return out;
  }

  /** A timestamptz column as an Instant; null stays null. */
  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
