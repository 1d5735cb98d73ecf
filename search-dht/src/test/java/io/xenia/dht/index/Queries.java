package io.xenia.dht.index;

import io.xenia.dht.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random query text over the ads' value space, bounds often exactly on values ads have. */
final class Queries {
  private static final String[] ORDERING = {">=", ">", "<=", "<", "="};
  private static final String[] ANY = {">=", ">", "<=", "<", "=", "!="};

  private Queries() {}

  static Query random(Random r, List<String> hosts) {
    List<String> terms = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      terms.add(term(r));
    }
    if (!hosts.isEmpty() && r.nextInt(6) == 0) {
      terms.add("rtt(" + hosts.get(r.nextInt(hosts.size())) + ")<=" + (20 + r.nextInt(100)) + "ms");
    }
    if (!hosts.isEmpty() && r.nextInt(8) == 0) {
      terms.add("near=" + hosts.get(r.nextInt(hosts.size())));
    }
    return Query.parse(String.join(" ", terms));
  }

  private static String term(Random r) {
    return switch (r.nextInt(12)) {
      case 0, 1 -> "cpu" + ANY[r.nextInt(ANY.length)] + Ads.CPUS[r.nextInt(Ads.CPUS.length)];
      case 2, 3 ->
          "mem"
              + ORDERING[r.nextInt(ORDERING.length)]
              + Ads.MEM_GIB[r.nextInt(Ads.MEM_GIB.length)]
              + "GiB";
      case 4, 5 ->
          "price"
              + ORDERING[r.nextInt(4)]
              + String.format(java.util.Locale.ROOT, "%.2f", 0.05 * (1 + r.nextInt(60)));
      case 6 -> "gpu.count in (" + r.nextInt(9) + "," + r.nextInt(9) + ")";
      case 7 -> "gpu.count>=" + r.nextInt(9);
      case 8 ->
          List.of("region=eu-*", "region=us-east-1", "region!=eu-*", "region=ap-south-1")
              .get(r.nextInt(4));
      case 9 -> List.of("tee=sev-snp", "tee!=tdx", "tee in (tdx,sev-snp)").get(r.nextInt(3));
      case 10 ->
          List.of("gpu.model=A100", "gpu.model!=L4", "gpu.model in (H100,L4)").get(r.nextInt(3));
      default -> "disk>=" + (500 + r.nextInt(500));
    };
  }
}
