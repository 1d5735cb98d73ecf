package io.xenia.dht.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.dht.DhtConfig;
import io.xenia.dht.DhtKey;
import io.xenia.dht.GetResult;
import io.xenia.dht.PutResult;
import io.xenia.dht.transport.sim.SimCluster;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimSmokeTest {
  @Test
  void putThenGetAcrossTwoHundredNodes() {
    SimCluster cluster = new SimCluster(1, DhtConfig.defaults()).grow(200);
    DhtKey key = DhtKey.of("loc", "dom", "c1");
    PutResult put =
        cluster
            .network()
            .await(
                cluster.node(5).put(key).value("hello".getBytes(StandardCharsets.UTF_8)).start());
    System.out.println(put + " table=" + cluster.node(5).metrics());
    assertTrue(put.stored() >= 15, put.toString());
    GetResult got =
        cluster.network().await(cluster.node(150).get(key.location(), key.domain()).start());
    System.out.println(got);
    assertEquals(1, got.entries().size());
  }
}
