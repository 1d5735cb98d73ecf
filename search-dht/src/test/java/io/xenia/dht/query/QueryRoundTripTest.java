package io.xenia.dht.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueryRoundTripTest {
  private static void roundTrips(String text, String canonical) {
    Query q = Query.parse(text);
    assertEquals(canonical, q.toString());
    assertEquals(q, Query.parse(q.toString()));
  }

  @Test
  void canonicalFormsOfHandWrittenQueries() {
    roundTrips(
        "cpu>=16 mem>=64GiB gpu.model=A100 price<=0.80 region=eu-* tee=sev-snp disk>500GB"
            + " gpu.count in ( 2 , 4,8 ) region!=us-east-1",
        "cpu>=16 mem>=64GiB gpu.model=A100 price<=0.8 region=eu-* tee=sev-snp disk>500GB"
            + " gpu.count in (2,4,8) region!=us-east-1");
    roundTrips("mem=1024MiB", "mem=1GiB");
    roundTrips("mem=1048576", "mem=1TiB");
    roundTrips("mem=1000000MB", "mem=1TB");
    roundTrips("mem=0.5", "mem=512KiB");
    roundTrips("mem=0.0001", "mem=0.0001MiB");
    roundTrips("mem=0GiB", "mem=0MiB");
    roundTrips("disk=2048GiB", "disk=2TiB");
    roundTrips("net=1000", "net=1Gbps");
    roundTrips("net=1500Mbps", "net=1500Mbps");
    roundTrips("net=0.5Mbps", "net=0.5Mbps");
    roundTrips("price=00.500", "price=0.5");
    roundTrips("price<100", "price<100");
    roundTrips("cpu=007", "cpu=7");
    roundTrips("image=\"a b\"", "image=\"a b\"");
    roundTrips("image=\"plain\"", "image=plain");
    roundTrips("region=\"eu-*\"", "region=\"eu-*\"");
    roundTrips("boot=\"\"", "boot=\"\"");
    roundTrips("image=\"q\\\"\\\\\"", "image=\"q\\\"\\\\\"");
    roundTrips("tee in (\"a b\",tdx)", "tee in (\"a b\",tdx)");
    roundTrips("  cpu=1\t\tcpu=1  ", "cpu=1 cpu=1");
    roundTrips("region=*", "region=*");
    roundTrips("mem in (1GiB,1.5GiB,2000MB)", "mem in (1GiB,1536MiB,2GB)");
  }

  /** Random ASTs print to text that parses back to the same AST and the same text. */
  @Test
  void randomAstsRoundTrip() {
    Random random = new Random(20261122L);
    for (int i = 0; i < 3000; i++) {
      Query q = randomQuery(random);
      String text = q.toString();
      Query back = Query.parse(text);
      assertEquals(q, back, text);
      assertEquals(text, back.toString());
    }
  }

  /** Random texts with random units and spacing canonicalise to a fixed point. */
  @Test
  void randomTextsCanonicaliseToAFixedPoint() {
    Random random = new Random(42L);
    String[] memUnits = {"", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB"};
    for (int i = 0; i < 2000; i++) {
      String number =
          random.nextInt(5000) + (random.nextBoolean() ? "." + random.nextInt(1000) : "");
      String unit = memUnits[random.nextInt(memUnits.length)];
      String attr = random.nextBoolean() ? "mem" : "disk";
      String text =
          attr
              + (random.nextBoolean() ? ">=" : "<")
              + number
              + unit
              + " ".repeat(1 + random.nextInt(3))
              + "net in ("
              + random.nextInt(100)
              + (random.nextBoolean() ? "Gbps" : "Mbps")
              + " , "
              + random.nextInt(100000)
              + ")";
      Query q = Query.parse(text);
      assertEquals(q, Query.parse(q.toString()), text);
      assertEquals(q.toString(), Query.parse(q.toString()).toString(), text);
    }
  }

  private static Query randomQuery(Random random) {
    List<Predicate> predicates = new ArrayList<>();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      predicates.add(randomPredicate(random));
    }
    return new Query(predicates);
  }

  private static Predicate randomPredicate(Random random) {
    List<Attribute> offerAttributes = Vocabulary.OFFERS.attributes();
    Attribute attribute = offerAttributes.get(random.nextInt(offerAttributes.size()));
    int shape = random.nextInt(3);
    if (shape == 0 && attribute.allowsGlobs()) {
      return new Matches(attribute, randomGlob(random), random.nextBoolean());
    }
    if (shape == 1) {
      List<Value> values = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        values.add(randomValue(random, attribute));
      }
      return new OneOf(attribute, values);
    }
    Op op =
        attribute.isNumeric()
            ? Op.values()[random.nextInt(Op.values().length)]
            : (random.nextBoolean() ? Op.EQ : Op.NE);
    return new Compare(attribute, op, randomValue(random, attribute));
  }

  private static Value randomValue(Random random, Attribute attribute) {
    if (!attribute.isNumeric()) {
      return new Value.Word(randomWord(random));
    }
    BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000));
    if (attribute != Attribute.CPU && attribute != Attribute.GPU_COUNT) {
      amount = amount.movePointLeft(random.nextInt(8));
    }
    return new Value.Num(amount);
  }

  private static String randomWord(Random random) {
    String alphabet = "abzAZ09-_.:/+* \"\\,()=<>!$";
    StringBuilder word = new StringBuilder();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }

  private static String randomGlob(Random random) {
    String alphabet = "abz09-_.:/+*";
    StringBuilder glob = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      glob.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    glob.insert(random.nextInt(glob.length() + 1), '*');
    return glob.toString();
  }
}
