package io.xenia.hostdaemon.driver.qemu;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where one machine's files are, under the driver's state directory: the layout the machine's
 * "hardware" (its QEMU command line, see io.xenia.bmcsim.QemuMachine#inDirectory) is wired to.
 */
record MachineFiles(Path dir) {
  Path disk() {
    return dir.resolve("disk.qcow2");
  }

  Path tftp() {
    return dir.resolve("tftp");
  }

  /** The DHCP boot file: chains to the per-MAC script, or falls through to the disk. */
  Path bootScript() {
    return tftp().resolve("boot.ipxe");
  }

  /** The per-MAC iPXE script, named like {@code 52-54-00-00-00-01.ipxe}. */
  Path macScript(String mac) {
    return tftp().resolve(mac.toLowerCase(Locale.ROOT).replace(':', '-') + ".ipxe");
  }

  Path qmpSocket() {
    return dir.resolve("qmp.sock");
  }

  Path pidFile() {
    return dir.resolve("qemu.pid");
  }

  /**
   * The session whose deployment the deploy ramdisk wrote to the disk (the host's record of it).
   */
  Path sessionMarker() {
    return dir.resolve("session");
  }
}
