package io.xenia.hostdaemon.wiring;

import io.xenia.hostdaemon.api.ControlApiServer;
import io.xenia.hostdaemon.api.ControlTls;
import io.xenia.hostdaemon.api.RevocationList;
import io.xenia.hostdaemon.api.TestCa;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.netns.NetnsDriver;
import io.xenia.hostdaemon.inventory.Inventory;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * A host daemon with netns machines behind its real mTLS control API (a fresh host CA, the host's
 * certificate, a fresh host key), and a broker-side client of that API: what the netns control API
 * tests share. Closing stops the API, then the daemon.
 */
record NetnsControlApiHost(
    HostDaemon daemon, ControlApiServer server, BrokerClient broker, Ed25519KeyPair hostKey)
    implements AutoCloseable {

  /** Starts the daemon on the inventory {@code yaml} (relative paths against {@code dir}). */
  static NetnsControlApiHost start(Path dir, String yaml) throws Exception {
    Inventory inventory = TestHost.parse(yaml, dir);
    Ed25519KeyPair hostKey = Ed25519KeyPair.generate(new SecureRandom());
    TestCa hostCa = new TestCa("Xenia host CA");
    var hostTls = hostCa.issue("host-1");
    HostDaemon daemon =
        HostDaemon.start(inventory, Drivers.of(new NetnsDriver()), hostKey, Clock.systemUTC());
    try {
      ControlApiServer server =
          ControlApiServer.start(
              new InetSocketAddress("127.0.0.1", 0),
              ControlTls.context(
                  hostTls.key().getPrivate(),
                  hostTls.certificate(),
                  List.of(hostCa.certificate()),
                  new RevocationList(List.of(hostCa.certificate()))),
              new CoreHostControl(daemon));
      return new NetnsControlApiHost(
          daemon, server, new BrokerClient(hostCa, "broker-a", server.port()), hostKey);
    } catch (Exception | Error e) {
      daemon.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      daemon.close();
    }
  }
}
