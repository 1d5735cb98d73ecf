package io.xenia.billing.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void quotesOnlyWhatRfc4180Requires() {
    String csv =
        new Csv(List.of("a", "b", "c", "d"))
            .row(Arrays.asList("plain", "with, comma", "say \"hi\"", null))
            .row(List.of("line\nbreak", "cr\r", "", "1.50"))
            .toString();
    assertEquals(
        "a,b,c,d\r\nplain,\"with, comma\",\"say \"\"hi\"\"\",\r\n\"line\nbreak\",\"cr\r\",,1.50\r\n",
        csv);
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    Csv csv = new Csv(List.of("a", "b"));
    assertThrows(IllegalArgumentException.class, () -> csv.row(List.of("x")));
  }

  @Test
  void pricedQuantitiesAreExactDecimals() {
    assertEquals("3.5", ComponentUnits.of("machine-hour").pricedQuantity(12_600));
    assertEquals("0.000277777778", ComponentUnits.of("machine-hour").pricedQuantity(1));
    assertEquals("2", ComponentUnits.of("egress-gib").pricedQuantity(2L << 30));
    assertEquals("0", ComponentUnits.of("egress-gib").pricedQuantity(0));
    assertEquals("byte", ComponentUnits.of("ingress-gib").baseUnit());
  }
}
