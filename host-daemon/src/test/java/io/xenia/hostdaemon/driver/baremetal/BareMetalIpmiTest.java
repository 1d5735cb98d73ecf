package io.xenia.hostdaemon.driver.baremetal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.bmcsim.IpmiSim;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.PowerState;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.hostdaemon.driver.qemu.QemuMachineTestBase;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The {@code ipmi} bare-metal driver end to end against a stand-in server (a QEMU VM behind
 * OpenIPMI's ipmi_sim, its DHCP naming the boot server's {@code /boot.ipxe} over HTTP): deploy the
 * whole-disk test image, the customer logs in on the server's own SSH address, then the release
 * boots the wipe ramdisk, which zeroes the whole disk: afterwards every byte of the disk is zero.
 * One lease (three TCG boots: deploy ramdisk, disk, wipe ramdisk).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BareMetalIpmiTest {
  private static StandInServer server;
  private static IpmiSim bmc;
  private static BareMetalDriver driver;
  private static MachineSpec spec;

  @BeforeAll
  static void start() throws Exception {
    server = StandInServer.prepare("ipmi");
    int lanPort = QemuMachineTestBase.freeUdpPort();
    int vmPort = QemuMachineTestBase.freeTcpPort();
    bmc =
        IpmiSim.start(
            server.work.resolve("bmc"),
            "metal1",
            lanPort,
            vmPort,
            StandInServer.USER,
            StandInServer.PASSWORD,
            server.hardware("metal1", IpmiSim.qemuArgs(vmPort)));
    driver = server.driver(Bmc.Protocol.IPMI);
    spec =
        server.spec(
            "metal1",
            "ipmi",
            new Bmc(
                Bmc.Protocol.IPMI,
                "127.0.0.1:" + lanPort,
                StandInServer.USER,
                StandInServer.PASSWORD));
  }

  @Test
  @Order(1)
  void deployNetworkBootsOverHttpWritesTheImageAndTheCustomerLogsIn() throws Exception {
    Inspection before = driver.inspect(spec);
    assertEquals(PowerState.OFF, before.power());
    // IPMI cannot say what the server has: nothing measured, the declared facts are trusted.
    assertEquals(Optional.empty(), before.measured());

    Path image = server.bootFiles.diskImage();
    BootImage disk =
        new BootImage(
            QemuMachineTestBase.sha256(image), BootImage.Kind.DISK_RAW, image, Optional.empty());
    Deployment deployment =
        new Deployment(
            "session-m1",
            Optional.of(disk),
            List.of(server.customerPublicKey()),
            new Limits(1, 256),
            "metal-lease");
    long start = System.nanoTime();
    Endpoint endpoint = driver.deploy(spec, deployment);
    System.err.printf(
        "BareMetalIpmiTest: deploy to SSH-ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertEquals(new Endpoint("127.0.0.1", server.sshPort, "root"), endpoint);
    assertEquals("session-m1\nmetal-lease", server.ssh("cat /etc/xenia-session; hostname").strip());

    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.ON, inspection.power());
    assertEquals(Optional.of("session-m1"), inspection.deployedSession());
    assertTrue(inspection.reachable());
    assertEquals(new UsageCounters(0, 0, 0, 0), driver.usage(spec));

    // The boot server serves network boot itself: the DHCP boot file and the per-MAC script.
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.bootServerPort;
    String bootFile =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/boot.ipxe")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(
        bootFile.contains("chain http://127.0.0.1:" + server.bootServerPort + "/pxe/"), bootFile);
    HttpResponse<String> macScript =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/pxe/52-54-00-bd-00-01.ipxe")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, macScript.statusCode());
    assertEquals("#!ipxe\nexit\n", macScript.body());
  }

  @Test
  @Order(2)
  void wipeBootsTheWipeRamdiskWhichZeroesTheWholeDisk() throws Exception {
    assertFalse(server.diskIsAllZeros(), "the deployed disk holds data");
    long start = System.nanoTime();
    WipeReport report = driver.wipe(spec);
    System.err.printf(
        "BareMetalIpmiTest: zeroing wipe of %d MiB in %.1f s%n",
        StandInServer.DISK_BYTES >> 20, (System.nanoTime() - start) / 1e9);
    assertEquals("disk-zeroed", report.method());
    assertEquals(StandInServer.DISK_BYTES, report.bytesErased());
    assertEquals(StandInServer.DISK_BYTES, Files.size(server.disk));
    assertTrue(server.diskIsAllZeros(), "every byte of the disk is zero after the wipe");

    Inspection inspection = driver.inspect(spec);
    assertEquals(PowerState.OFF, inspection.power());
    assertEquals(Optional.empty(), inspection.deployedSession());
    assertFalse(inspection.reachable());
    HttpResponse<String> macScript =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + server.bootServerPort
                                + "/pxe/52-54-00-bd-00-01.ipxe"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(404, macScript.statusCode(), "no script left: the next boot falls to the disk");
  }

  /**
   * A daemon killed mid-wipe leaves the wipe script behind; when the server later boots from the
   * network with no wipe job alive, the ramdisk must not zero anything: it powers off.
   */
  @Test
  @Order(3)
  void aWipeScriptLeftByACrashedDaemonZeroesNothing() throws Exception {
    byte[] data = "data written after the wipe".getBytes(StandardCharsets.US_ASCII);
    try (FileChannel disk = FileChannel.open(server.disk, StandardOpenOption.WRITE)) {
      disk.write(ByteBuffer.wrap(data), 0);
    }
    String base = "http://10.0.2.2:" + server.bootServerPort;
    Files.writeString(
        server.work.resolve("state/pxe/52-54-00-bd-00-01.ipxe"),
        "#!ipxe\nkernel "
            + base
            + "/deploy/vmlinuz console=ttyS0 quiet xenia.mode=wipe xenia.url="
            + base
            + "/jobs/"
            + "0".repeat(32)
            + " xenia.disk=/dev/vda xenia.mac=${netX/mac} xenia.ip=${netX/ip}"
            + " xenia.netmask=${netX/netmask} xenia.gw=${netX/gateway}\n"
            + "initrd "
            + base
            + "/deploy/initrd.gz\nboot\n");
    driver.power(spec, PowerAction.ON);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (driver.inspect(spec).power() != PowerState.OFF && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertEquals(PowerState.OFF, driver.inspect(spec).power(), "the ramdisk powered itself off");
    String console =
        Files.readString(server.work.resolve("server/console.log"), StandardCharsets.ISO_8859_1);
    assertTrue(console.contains("wipe: no such job, not wiping"), console);
    byte[] head = new byte[data.length];
    try (InputStream in = Files.newInputStream(server.disk)) {
      assertEquals(data.length, in.readNBytes(head, 0, head.length));
    }
    assertArrayEquals(data, head, "nothing was zeroed");
    Files.delete(server.work.resolve("state/pxe/52-54-00-bd-00-01.ipxe"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (driver != null) {
        try {
          driver.power(spec, PowerAction.OFF);
        } finally {
          driver.close();
        }
      }
    } finally {
      if (bmc != null) {
        bmc.close();
      }
      if (server != null) {
        server.close();
      }
    }
  }
}
