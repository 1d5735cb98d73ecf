/**
 * The {@code qemu} driver: QEMU virtual machines standing in for bare-metal servers, powered
 * through their BMC (IPMI or Redfish, {@link io.xenia.hostdaemon.bmc}) and provisioned by network
 * boot of a deploy ramdisk that writes the image to the disk, as MAAS and Ironic do. See {@link
 * io.xenia.hostdaemon.driver.qemu.QemuDriver} and docs/host-daemon.md.
 */
package io.xenia.hostdaemon.driver.qemu;
