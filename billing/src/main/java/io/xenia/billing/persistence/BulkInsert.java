package io.xenia.billing.persistence;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Inserts many rows in one statement: the rows are turned into one array per column and {@code
 * INSERT … SELECT * FROM unnest($1::type[], …)} adds them all. PostgreSQL plans and runs one
 * statement instead of one per row, which a batch of hundreds of records pays for several times
 * over.
 */
public final class BulkInsert {
  private BulkInsert() {}

  /**
   * @param table the table, schema-qualified
   * @param columns its columns, in the order of each row's values
   * @param types each column's PostgreSQL type: uuid, bigint, integer, text, timestamptz, bytea
   * @param rows the rows, each a tuple of as many values as columns
   */
  public static void into(
      SqlClient conn, String table, List<String> columns, List<String> types, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return;
    }
    if (columns.size() != types.size()) {
      throw new IllegalArgumentException("one type per column");
    }
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
    sql.append(String.join(", ", columns)).append(") SELECT * FROM unnest(");
    Tuple arrays = Tuple.tuple();
    for (int c = 0; c < columns.size(); c++) {
      String type = types.get(c);
      sql.append(c == 0 ? "" : ", ")
          .append('$')
          .append(c + 1)
          .append("::")
          .append(type)
          .append("[]");
      Object array = Array.newInstance(elementClass(type), rows.size());
      for (int r = 0; r < rows.size(); r++) {
        Array.set(array, r, rows.get(r).getValue(c));
      }
      arrays.addValue(array);
    }
    sql.append(')');
    Sql.await(conn.preparedQuery(sql.toString()).execute(arrays));
  }

  private static Class<?> elementClass(String type) {
    return switch (type) {
      case "uuid" -> UUID.class;
      case "bigint" -> Long.class;
      case "integer" -> Integer.class;
      case "text" -> String.class;
      case "timestamptz" -> OffsetDateTime.class;
      case "bytea" -> Buffer.class;
      default -> throw new IllegalArgumentException("no array type for " + type);
    };
  }
}
