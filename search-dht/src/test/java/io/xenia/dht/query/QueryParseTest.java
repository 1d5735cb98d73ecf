package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParseTest {
  private static Predicate only(String text) {
    List<Predicate> predicates = Query.parse(text).predicates();
    assertEquals(1, predicates.size());
    return predicates.get(0);
  }

  private static Value.Num num(String amount) {
    return new Value.Num(new BigDecimal(amount));
  }

  @Test
  void parsesTheExampleQuery() {
    Query q =
        Query.parse(
            "cpu>=16 mem>=64GiB gpu.model=A100 price<=0.80 region=eu-* tee=sev-snp disk>500GB"
                + " gpu.count in (2,4,8) region!=us-east-1");
    assertEquals(
        List.of(
            new Compare(Attribute.CPU, Op.GE, Value.Num.of(16)),
            new Compare(Attribute.MEM, Op.GE, Value.Num.of(65536)),
            new Compare(Attribute.GPU_MODEL, Op.EQ, new Value.Word("A100")),
            new Compare(Attribute.PRICE, Op.LE, num("0.8")),
            new Matches(Attribute.REGION, "eu-*", false),
            new Compare(Attribute.TEE, Op.EQ, new Value.Word("sev-snp")),
            new Compare(Attribute.DISK, Op.GT, num("465.66128730773925781250")),
            new OneOf(
                Attribute.GPU_COUNT, List.of(Value.Num.of(2), Value.Num.of(4), Value.Num.of(8))),
            new Compare(Attribute.REGION, Op.NE, new Value.Word("us-east-1"))),
        q.predicates());
  }

  @Test
  void parsesAllOperators() {
    assertEquals(new Compare(Attribute.CPU, Op.EQ, Value.Num.of(4)), only("cpu=4"));
    assertEquals(new Compare(Attribute.CPU, Op.NE, Value.Num.of(4)), only("cpu!=4"));
    assertEquals(new Compare(Attribute.CPU, Op.LT, Value.Num.of(4)), only("cpu<4"));
    assertEquals(new Compare(Attribute.CPU, Op.LE, Value.Num.of(4)), only("cpu<=4"));
    assertEquals(new Compare(Attribute.CPU, Op.GT, Value.Num.of(4)), only("cpu>4"));
    assertEquals(new Compare(Attribute.CPU, Op.GE, Value.Num.of(4)), only("cpu>=4"));
    assertEquals(
        new OneOf(Attribute.TEE, List.of(new Value.Word("sev-snp"), new Value.Word("tdx"))),
        only("tee  in  ( sev-snp ,\ttdx )"));
    assertEquals(new OneOf(Attribute.CPU, List.of(Value.Num.of(2))), only("cpu in(2)"));
    assertEquals(new Matches(Attribute.REGION, "us-*", true), only("region!=us-*"));
  }

  @Test
  void normalisesMemoryUnitsToMib() {
    assertEquals(only("mem=1024"), only("mem=1GiB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("0.5")), only("mem=512KiB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("1")), only("mem=1MiB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("1048576")), only("mem=1TiB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("0.00095367431640625")), only("mem=1KB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("0.95367431640625")), only("mem=1MB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("953.67431640625")), only("mem=1GB"));
    assertEquals(new Compare(Attribute.MEM, Op.EQ, num("953674.31640625")), only("mem=1TB"));
    assertEquals(only("mem=1.5GiB"), only("mem=1536MiB"));
  }

  @Test
  void normalisesDiskToGibAndNetToMbps() {
    assertEquals(only("disk=1024"), only("disk=1TiB"));
    assertEquals(only("disk=0.5"), only("disk=512MiB"));
    assertEquals(only("disk=1000GB"), only("disk=1TB"));
    assertEquals(only("net=2500"), only("net=2.5Gbps"));
    assertEquals(only("net=100"), only("net=100Mbps"));
  }

  @Test
  void priceIsAnExactDecimal() {
    assertEquals(new Compare(Attribute.PRICE, Op.LE, num("0.1")), only("price<=0.10"));
    assertEquals(
        new Compare(Attribute.PRICE, Op.LT, num("0.123456789012345678901234567890")),
        only("price<0.123456789012345678901234567890"));
  }

  @Test
  void quotedStringsAreLiteralWords() {
    assertEquals(
        new Compare(Attribute.IMAGE, Op.EQ, new Value.Word("ubuntu 24.04 \"lts\" \\")),
        only("image=\"ubuntu 24.04 \\\"lts\\\" \\\\\""));
    assertEquals(
        new Compare(Attribute.REGION, Op.EQ, new Value.Word("eu-*")), only("region=\"eu-*\""));
    assertEquals(new Compare(Attribute.BOOT, Op.EQ, new Value.Word("")), only("boot=\"\""));
  }

  @Test
  void countsAreWhole() {
    assertEquals(only("cpu=16"), only("cpu=16.0"));
    assertThrows(QuerySyntaxException.class, () -> Query.parse("cpu=1.5"));
  }

  @Test
  void blankQueriesAreErrors() {
    assertThrows(QuerySyntaxException.class, () -> Query.parse(""));
    assertThrows(QuerySyntaxException.class, () -> Query.parse("   "));
  }

  @Test
  void astRejectsWhatThePaserWouldReject() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Compare(Attribute.REGION, Op.LT, new Value.Word("eu")));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Compare(Attribute.CPU, Op.EQ, new Value.Word("x")));
    assertThrows(IllegalArgumentException.class, () -> new OneOf(Attribute.CPU, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Matches(Attribute.TEE, "s*", false));
    assertThrows(IllegalArgumentException.class, () -> new Matches(Attribute.REGION, "eu", false));
    assertThrows(IllegalArgumentException.class, () -> new Query(List.of()));
  }
}
