package io.xenia.bmcsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuMachineTest {
  private final QemuMachine machine =
      QemuMachine.inDirectory(
          Path.of("/var/lib/x/m1"), "m1", "52:54:00:AA:00:01", 22001, 2, 512, List.of("-S"));

  @Test
  void bootsFromTheNetworkFirstUnlessOverridden() {
    List<String> none = machine.command(BootOverride.Target.None);
    assertEquals("order=nc", none.get(none.indexOf("-boot") + 1));
    List<String> pxe = machine.command(BootOverride.Target.Pxe);
    assertEquals("order=n", pxe.get(pxe.indexOf("-boot") + 1));
    List<String> hdd = machine.command(BootOverride.Target.Hdd);
    assertEquals("order=c", hdd.get(hdd.indexOf("-boot") + 1));
  }

  @Test
  void wiresDiskNetworkAndControlToItsDirectory() {
    String line = machine.shellCommand(BootOverride.Target.None);
    assertTrue(line.contains("file=/var/lib/x/m1/disk.qcow2,if=virtio,format=qcow2"), line);
    assertTrue(line.contains("tftp=/var/lib/x/m1/tftp,bootfile=boot.ipxe"), line);
    assertTrue(line.contains("hostfwd=tcp:127.0.0.1:22001-:22"), line);
    assertTrue(line.contains("mac=52:54:00:aa:00:01"), line);
    assertTrue(line.contains("-qmp unix:/var/lib/x/m1/qmp.sock,server=on,wait=off"), line);
    assertTrue(line.endsWith(" -S"), line);
  }

  @Test
  void withAMeterPortTheNicSharesAHubWithTheUserNetworkAndAUdpCopy() {
    QemuMachine metered =
        QemuMachine.inDirectory(
            Path.of("/var/lib/x/m1"), "m1", "52:54:00:AA:00:01", 22001, 22101, 1, 256, List.of());
    String line = metered.shellCommand(BootOverride.Target.None);
    assertTrue(line.contains("-netdev hubport,id=hub0user,hubid=0,netdev=n0"), line);
    assertTrue(
        line.contains(
            "-netdev dgram,id=meter0,local.type=inet,local.host=127.0.0.2,local.port=0,"
                + "remote.type=inet,remote.host=127.0.0.1,remote.port=22101"),
        line);
    assertTrue(line.contains("-netdev hubport,id=hub0meter,hubid=0,netdev=meter0"), line);
    assertTrue(line.contains("-netdev hubport,id=hub0nic,hubid=0"), line);
    assertTrue(line.contains("-device virtio-net-pci,netdev=hub0nic,mac=52:54:00:aa:00:01"), line);
    assertTrue(line.contains("hostfwd=tcp:127.0.0.1:22001-:22"), line);
    // Without one, the NIC is on the user network directly, as before.
    assertTrue(
        machine.shellCommand(BootOverride.Target.None).contains("virtio-net-pci,netdev=n0,"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            QemuMachine.inDirectory(
                Path.of("/x"), "m", "52:54:00:00:00:01", 22, 70000, 1, 256, List.of()));
  }

  @Test
  void rejectsBadHardware() {
    assertThrows(
        IllegalArgumentException.class,
        () -> QemuMachine.inDirectory(Path.of("/x"), "m", "52:54:00", 22, 1, 256, List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            QemuMachine.inDirectory(
                Path.of("/x"), "m", "52:54:00:00:00:01", 22, 0, 256, List.of()));
    QemuMachine spaced =
        QemuMachine.inDirectory(Path.of("/a dir"), "m", "52:54:00:00:00:01", 22, 1, 256, List.of());
    // ipmi_sim splits startcmd on spaces: a path with one cannot be passed.
    assertThrows(
        IllegalArgumentException.class, () -> spaced.shellCommand(BootOverride.Target.None));
  }

  @Test
  void ipmiSimConfigurationStartsTheMachineOnPowerOn() {
    String conf = IpmiSim.lanConf("bmc1", 9623, 9624, "admin", "secret", machine, 20);
    assertTrue(conf.contains("addr 127.0.0.1 9623"), conf);
    assertTrue(conf.contains("serial 15 127.0.0.1 9624 codec VM"), conf);
    assertTrue(conf.contains("startcmd \"qemu-system-x86_64 "), conf);
    assertTrue(conf.contains("startnow false"), conf);
    assertTrue(conf.contains("user 2 true \"admin\" \"secret\" admin"), conf);
    assertEquals(
        List.of(
            "-chardev",
            "socket,id=ipmi0,host=127.0.0.1,port=9624,reconnect=10",
            "-device",
            "ipmi-bmc-extern,id=bmc0,chardev=ipmi0",
            "-device",
            "isa-ipmi-kcs,bmc=bmc0"),
        IpmiSim.qemuArgs(9624));
    assertThrows(
        IllegalArgumentException.class,
        () -> IpmiSim.lanConf("b", 1, 2, "admin", "has \"quote", machine, 20));
  }
}
