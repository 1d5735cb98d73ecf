package io.xenia.broker.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xenia.broker.support.BrokerUnderTest;
import io.xenia.broker.support.Marketplace;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A broker with search disabled and no key files (as the purchase-order bench runs it) starts and
 * lists hosts: the host CA is loaded only when a certificate is needed.
 */
class HostsWithoutSearchTest {
  @Test
  void aBrokerWithoutSearchOrHostCaStartsAndListsHosts() {
    try (var broker =
        BrokerUnderTest.start(
            "hosts_no_search",
            Map.of(
                "xenia.search.enabled", false,
                "xenia.search.ca-key-file", "",
                "xenia.search.node-key-file", ""))) {
      var operator = new Marketplace(broker).register("host-operator", "Nina Nosearch");
      var r = broker.api().get("/v1/hosts", operator.token());
      assertEquals(200, r.status(), r::toString);
      assertEquals(0, r.body().path("items").size());
    }
  }
}
