package io.xenia.hostdaemon.bmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.BootOverride;
import io.xenia.bmcsim.InMemorySystem;
import io.xenia.bmcsim.RedfishServer;
import io.xenia.bmcsim.ResetType;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redfish client against the project's Redfish service over HTTP on 127.0.0.1, with two
 * in-memory systems behind it (the QEMU-backed one is in QemuDriverRedfishTest).
 */
class RedfishPowerTest {
  private static final InMemorySystem FIRST = new InMemorySystem("node1", 1, 256);
  private static final InMemorySystem SECOND = new InMemorySystem("node2", 1, 256);
  private static RedfishServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new RedfishServer(
            new InetSocketAddress("127.0.0.1", 0), "admin", "pw", List.of(FIRST, SECOND));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RedfishPower client(String password, Optional<String> system) {
    return new RedfishPower(
        new Bmc(Bmc.Protocol.REDFISH, server.baseUrl(), "admin", password),
        system,
        Duration.ofSeconds(5));
  }

  @Test
  void powerRoundTripOnTheNamedSystem() throws Exception {
    RedfishPower power = client("pw", Optional.of("node2"));
    power.power(PowerAction.OFF);
    assertEquals(PowerState.OFF, power.status());
    power.power(PowerAction.ON);
    assertEquals(PowerState.ON, power.status());
    power.power(PowerAction.RESET);
    power.power(PowerAction.SOFT_OFF);
    assertEquals(PowerState.OFF, power.status());
    assertEquals(
        List.of(
            ResetType.ForceOff, ResetType.On, ResetType.ForceRestart, ResetType.GracefulShutdown),
        SECOND.resets());
    assertTrue(FIRST.resets().isEmpty(), "the other system was left alone");
  }

  @Test
  void bootOnceSetsTheOverride() throws Exception {
    RedfishPower power = client("pw", Optional.empty());
    power.bootOnce(BootDevice.NETWORK);
    assertEquals(
        new BootOverride(BootOverride.Target.Pxe, BootOverride.Enabled.Once), FIRST.bootOverride());
    power.bootOnce(BootDevice.DISK);
    assertEquals(BootOverride.Target.Hdd, FIRST.bootOverride().target());
  }

  @Test
  void wrongPasswordUnknownSystemAndNoServiceAreClearErrors() throws Exception {
    DriverException refused =
        assertThrows(DriverException.class, () -> client("nope", Optional.empty()).status());
    assertEquals(DriverException.Kind.FAILED, refused.kind());
    assertTrue(refused.getMessage().contains("refused the credentials"), refused.getMessage());

    DriverException unknown =
        assertThrows(DriverException.class, () -> client("pw", Optional.of("node9")).status());
    assertEquals(DriverException.Kind.FAILED, unknown.kind());
    assertTrue(unknown.getMessage().contains("no system node9"), unknown.getMessage());

    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    RedfishPower nobody =
        new RedfishPower(
            new Bmc(Bmc.Protocol.REDFISH, "http://127.0.0.1:" + closed, "admin", "pw"),
            Optional.empty(),
            Duration.ofSeconds(2));
    assertEquals(
        DriverException.Kind.UNREACHABLE,
        assertThrows(DriverException.class, nobody::status).kind());
  }
}
