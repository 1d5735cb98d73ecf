package io.xenia.hostdaemon.driver.qemu;

import java.nio.file.Path;

/**
 * Where one QEMU machine's own files are, in its directory under the driver's state directory: the
 * layout the machine's "hardware" (its QEMU command line, see
 * io.xenia.bmcsim.QemuMachine#inDirectory) is wired to. The session marker next to them is the
 * shared network-boot code's ({@link io.xenia.hostdaemon.driver.pxe.PxeDriver}).
 */
record MachineFiles(Path dir) {
  Path disk() {
    return dir.resolve("disk.qcow2");
  }

  /** What QEMU's user network serves over TFTP: {@code boot.ipxe} and the per-MAC script. */
  Path tftp() {
    return dir.resolve("tftp");
  }

  Path qmpSocket() {
    return dir.resolve("qmp.sock");
  }

  Path pidFile() {
    return dir.resolve("qemu.pid");
  }
}
