package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Facts;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.protocol.records.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the qemu driver refuses before touching a BMC or a machine. */
class QemuDriverInputTest {
  @TempDir Path dir;
  private QemuDriver driver;

  @BeforeEach
  void start() throws Exception {
    driver =
        new QemuDriver(
            dir.resolve("state"),
            new BootFiles(dir.resolve("k"), dir.resolve("i"), dir.resolve("d")));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static MachineSpec spec(String id, Optional<Bmc> bmc, Map<String, String> settings) {
    return new MachineSpec(
        id,
        "qemu",
        bmc,
        Optional.of("52:54:00:00:00:01"),
        new Facts(new Resources(1, 256, 0, 0, 0, ""), 1, Set.of()),
        settings);
  }

  private static Deployment deployment(BootImage image) {
    return new Deployment(
        "s1", Optional.of(image), List.of("ssh-ed25519 AAAA x"), new Limits(1, 256), "h");
  }

  @Test
  void rootFsTarsAreUnsupported() {
    BootImage tar =
        new BootImage(
            "a".repeat(64), BootImage.Kind.ROOTFS_TAR, Path.of("/x.tar"), Optional.empty());
    DriverException e =
        assertThrows(
            DriverException.class,
            () ->
                driver.deploy(
                    spec(
                        "m1",
                        Optional.of(new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:9", "u", "p")),
                        Map.of("sshPort", "22001")),
                    deployment(tar)));
    assertEquals(DriverException.Kind.UNSUPPORTED, e.kind());
  }

  @Test
  void aMachineWithoutBmcOrSshPortOrSafeIdOrWithABadMeterPortIsRefusedClearly() {
    DriverException noBmc =
        assertThrows(
            DriverException.class,
            () -> driver.inspect(spec("m1", Optional.empty(), Map.of("sshPort", "22001"))));
    assertTrue(noBmc.getMessage().contains("has no BMC"), noBmc.getMessage());
    Bmc bmc = new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:9", "u", "p");
    IllegalArgumentException noPort =
        assertThrows(
            IllegalArgumentException.class,
            () -> driver.inspect(spec("m1", Optional.of(bmc), Map.of())));
    assertTrue(noPort.getMessage().contains("sshPort"), noPort.getMessage());
    IllegalArgumentException badMeter =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                driver.inspect(
                    spec(
                        "m1", Optional.of(bmc), Map.of("sshPort", "22001", "meterPort", "70000"))));
    assertTrue(badMeter.getMessage().contains("meterPort"), badMeter.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> driver.machineDir(spec("../etc", Optional.of(bmc), Map.of())));
  }
}
