package io.xenia.billing.reports;

import io.xenia.protocol.money.Money;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A report as a JSON tree (maps, lists, strings, numbers) for any JSON writer: fields named as the
 * records' components, in their order; money as decimal strings ({@link Money#amount()}) beside the
 * row's {@code currency}; ids and times as strings (ISO-8601 UTC). Pure.
 */
public final class ReportJson {
  private ReportJson() {}

  /** {@code report} (or any of its records) as a tree. */
  public static Object tree(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Money money) {
      return money.amount();
    }
    if (value instanceof Instant || value instanceof UUID || value instanceof String) {
      return value.toString();
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Enum<?> e) {
      // Our enums' wire names are their constants in kebab case (Discrepancy.Kind's slugs).
      return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object element : list) {
        out.add(tree(element));
      }
      return out;
    }
    if (value instanceof Record record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        out.put(c.getName(), tree(read(c, record)));
      }
      return out;
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
