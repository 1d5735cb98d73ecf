package io.xenia.hostdaemon.driver.pxe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The iPXE scripts, as text. */
class BootScriptsTest {
  @Test
  void theWipeScriptBootsTheRamdiskInWipeModeWithDiskAndNetworkFromIpxe() {
    assertEquals(
        "#!ipxe\n"
            + "kernel http://10.20.0.1:8469/deploy/vmlinuz console=ttyS0 quiet xenia.mode=wipe"
            + " xenia.url=http://10.20.0.1:8469/jobs/t0k xenia.disk=/dev/nvme0n1"
            + " xenia.mac=${netX/mac} xenia.ip=${netX/ip} xenia.netmask=${netX/netmask}"
            + " xenia.gw=${netX/gateway}\n"
            + "initrd http://10.20.0.1:8469/deploy/initrd.gz\n"
            + "boot\n",
        BootScripts.wipe("http://10.20.0.1:8469", "t0k", "/dev/nvme0n1", "console=ttyS0"));
  }

  @Test
  void macScriptNamesAreLowercaseHyphenatedAndRefuseNonMacs() {
    assertEquals("0c-c4-7a-11-22-33.ipxe", BootScripts.macScriptName("0C:C4:7A:11:22:33"));
    assertThrows(IllegalArgumentException.class, () -> BootScripts.macScriptName("../../etc"));
  }

  @Test
  void localBootLeavesIpxeOrSanbootsTheBiosDisk() {
    assertEquals("#!ipxe\nexit\n", BootScripts.localDisk(BootScripts.LocalBoot.EXIT));
    assertEquals(
        "#!ipxe\nsanboot --no-describe --drive 0x80\n",
        BootScripts.localDisk(BootScripts.LocalBoot.SANBOOT));
    assertEquals(
        "#!ipxe\nchain pxe/${netX/mac:hexhyp}.ipxe || exit\n", BootScripts.chainToMacScript(null));
  }
}
