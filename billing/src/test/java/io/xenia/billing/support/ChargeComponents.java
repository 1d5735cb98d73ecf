package io.xenia.billing.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * usage_charge's component columns (billing V004), for fixtures that write charges around billing:
 * append {@link #COLUMNS} and {@link #PLACEHOLDERS} to the INSERT and {@link #values} to its
 * parameters.
 */
public final class ChargeComponents {
  private static final List<String> COMPONENTS =
      List.of("machine-hour", "egress-gib", "ingress-gib", "cpu-core-hour", "memory-gib-hour");

  /** The fifteen columns, in the order of {@link #values}. */
  public static final String COLUMNS =
      String.join(
          ", ",
          COMPONENTS.stream()
              .map(c -> c.replace('-', '_'))
              .flatMap(c -> List.of(c + "_measured", c + "_price_micros", c + "_micros").stream())
              .toList());

  public static final String PLACEHOLDERS =
      String.join(", ", java.util.Collections.nCopies(15, "?"));

  private ChargeComponents() {}

  /**
   * The columns' values: per component {measured, unit price micros, amount micros}, NULLs for one
   * not in the map.
   */
  public static Object[] values(Map<String, long[]> lines) {
    for (String c : lines.keySet()) {
      if (!COMPONENTS.contains(c)) {
        throw new IllegalArgumentException("no such component " + c);
      }
    }
    List<Object> out = new ArrayList<>();
    for (String c : COMPONENTS) {
      long[] l = lines.get(c);
      out.add(l == null ? null : l[0]);
      out.add(l == null ? null : l[1]);
      out.add(l == null ? null : l[2]);
    }
    return out.toArray();
  }

  /** {@code parameters} followed by the components' values. */
  public static Object[] with(Object[] parameters, Map<String, long[]> lines) {
    Object[] components = values(lines);
    Object[] all = Arrays.copyOf(parameters, parameters.length + components.length);
    System.arraycopy(components, 0, all, parameters.length, components.length);
    return all;
  }
}
