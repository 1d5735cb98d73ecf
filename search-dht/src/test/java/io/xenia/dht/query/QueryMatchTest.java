package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryMatchTest {
  private static final Map<String, Object> OFFER =
      Map.of(
          "cpu",
          16,
          "mem",
          65536L,
          "disk",
          new BigDecimal("465.66128730773925781250"),
          "net",
          10000,
          "gpu.count",
          4,
          "gpu.model",
          "A100",
          "price",
          new BigDecimal("0.80"),
          "region",
          "eu-west-1",
          "tee",
          "sev-snp");

  private static boolean m(String query) {
    return Query.parse(query).matches(OFFER);
  }

  @Test
  void theExampleMatches() {
    assertTrue(
        m(
            "cpu>=16 mem>=64GiB gpu.model=A100 price<=0.80 region=eu-* tee=sev-snp disk>=500GB"
                + " gpu.count in (2,4,8) region!=us-east-1"));
  }

  @Test
  void boundsAreInclusiveOrExclusiveAsWritten() {
    assertTrue(m("cpu>=16"));
    assertFalse(m("cpu>16"));
    assertTrue(m("cpu<=16"));
    assertFalse(m("cpu<16"));
    assertTrue(m("cpu=16"));
    assertFalse(m("cpu!=16"));
    assertTrue(m("price<=0.8"));
    assertFalse(m("price<0.80"));
    assertTrue(m("price<0.800000000000000000001"));
    assertFalse(m("price>0.8"));
    assertTrue(m("mem<=64GiB"));
    assertFalse(m("mem>64GiB"));
    assertTrue(m("disk<=500GB"));
    assertFalse(m("disk>500GB"));
    assertTrue(m("net>=10Gbps"));
    assertFalse(m("net>10Gbps"));
  }

  @Test
  void wordsAndGlobs() {
    assertTrue(m("region=eu-west-1"));
    assertTrue(m("region=eu-*"));
    assertTrue(m("region=*-1"));
    assertTrue(m("region=*"));
    assertTrue(m("region=e*w*t*1"));
    assertFalse(m("region=us-*"));
    assertFalse(m("region!=eu-*"));
    assertTrue(m("region!=us-*"));
    assertFalse(m("region=\"eu-*\""));
    assertFalse(m("gpu.model=a100"));
    assertTrue(m("tee in (tdx, sev-snp)"));
    assertFalse(m("tee in (tdx)"));
    assertTrue(m("gpu.count in (2,4,8)"));
    assertFalse(m("gpu.count in (1,2)"));
  }

  @Test
  void missingAttributesFailEvenNotEquals() {
    assertFalse(m("image=ubuntu"));
    assertFalse(m("image!=ubuntu"));
    assertFalse(m("boot in (uefi)"));
  }

  @Test
  void inexactCandidateValuesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Query.parse("price<=1").matches(Map.of("price", 0.5)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Query.parse("region=eu").matches(Map.of("region", 1)));
  }

  @Test
  void globMatcher() {
    assertTrue(Glob.matches("a*b*c", "aXbYbZc"));
    assertTrue(Glob.matches("**", ""));
    assertFalse(Glob.matches("a*b", "ab c"));
    assertTrue(Glob.matches("*.x", "a.b.x"));
    assertFalse(Glob.matches("a.*", "abx"));
  }
}
