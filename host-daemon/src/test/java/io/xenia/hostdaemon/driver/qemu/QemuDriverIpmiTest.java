package io.xenia.hostdaemon.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.IpmiSim;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** A QEMU machine behind OpenIPMI's ipmi_sim, powered with ipmitool lanplus. */
class QemuDriverIpmiTest extends QemuMachineTestBase {
  private static IpmiSim bmc;

  @BeforeAll
  static void start() throws Exception {
    Path machineDir = prepare("ipmi1");
    int lanPort = freeUdpPort();
    int vmPort = freeTcpPort();
    bmc =
        IpmiSim.start(
            work.resolve("bmc"),
            "ipmi1",
            lanPort,
            vmPort,
            USER,
            PASSWORD,
            hardware(machineDir, "ipmi1", IpmiSim.qemuArgs(vmPort)));
    spec = spec("ipmi1", new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:" + lanPort, USER, PASSWORD));
  }

  /**
   * Network bytes, counted from the hub's copies of the machine's frames: 5 MB pushed to the
   * machine over SSH show as received, 5 MB pulled from it as sent; each at least the payload
   * (frames carry it plus TCP/IP, SSH and Ethernet headers) and well under 1.5 times it.
   */
  @Test
  @Order(3)
  void usageCountsTheBytesTheMachineReceivesAndSends() throws Exception {
    long payload = 5_000_000;
    UsageCounters before = driver.usage(spec);
    assertTrue(before.rxBytes() > 0 && before.txBytes() > 0, "boot and SSH traffic " + before);

    long start = System.nanoTime();
    run("sh", "-c", "head -c " + payload + " /dev/zero | " + sshLine("cat >/dev/null"));
    UsageCounters pushed = awaitSettled();
    long received = pushed.rxBytes() - before.rxBytes();
    long sentMeanwhile = pushed.txBytes() - before.txBytes();

    String pulled = run("sh", "-c", sshLine("head -c " + payload + " /dev/zero") + " | wc -c");
    assertEquals(Long.toString(payload), pulled.strip());
    UsageCounters after = awaitSettled();
    long sent = after.txBytes() - pushed.txBytes();
    long receivedMeanwhile = after.rxBytes() - pushed.rxBytes();
    System.err.printf(
        "QemuDriverIpmiTest: push rx +%d (tx +%d), pull tx +%d (rx +%d) in %.1f s%n",
        received, sentMeanwhile, sent, receivedMeanwhile, (System.nanoTime() - start) / 1e9);

    assertTrue(received >= payload && received < payload * 3 / 2, "received " + received);
    assertTrue(sent >= payload && sent < payload * 3 / 2, "sent " + sent);
    // The other way only acknowledgements flow: far less than the payload.
    assertTrue(sentMeanwhile < payload / 5, "sent while receiving " + sentMeanwhile);
    assertTrue(receivedMeanwhile < payload / 5, "received while sending " + receivedMeanwhile);
  }

  /** Usage once the copies of the last frames have been counted (the meter runs behind by µs). */
  private static UsageCounters awaitSettled() throws Exception {
    UsageCounters last = driver.usage(spec);
    for (int i = 0; i < 25; i++) {
      Thread.sleep(200);
      UsageCounters now = driver.usage(spec);
      if (now.rxBytes() == last.rxBytes() && now.txBytes() == last.txBytes()) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /**
   * After the wipe: an image whose bytes are not what its digest says is refused by the ramdisk.
   */
  @Test
  @Order(5)
  void anImageThatDoesNotMatchItsDigestFailsTheDeploy() throws Exception {
    Path image = bootFiles.diskImage();
    BootImage lying =
        new BootImage("0".repeat(64), BootImage.Kind.DISK_RAW, image, Optional.empty());
    String key = Files.readString(Path.of(customerKey + ".pub")).strip();
    DriverException failed =
        assertThrows(
            DriverException.class,
            () ->
                driver.deploy(
                    spec,
                    new Deployment(
                        "session-44", Optional.of(lying), List.of(key), new Limits(1, 256), "x")));
    assertEquals(DriverException.Kind.FAILED, failed.kind());
    assertTrue(failed.getMessage().contains("sha256"), failed.getMessage());
    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.empty(), inspection.deployedSession());
  }

  @AfterAll
  static void stopBmc() throws Exception {
    try {
      powerDown();
    } finally {
      if (bmc != null) {
        bmc.close();
      }
    }
  }
}
