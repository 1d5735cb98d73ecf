/**
 * Network boot behind a BMC, shared by the {@code qemu} driver and the bare-metal {@code ipmi} and
 * {@code redfish} drivers: {@link io.xenia.hostdaemon.driver.pxe.PxeDriver} (power through the BMC,
 * the deploy/boot/wipe sequence), {@link io.xenia.hostdaemon.driver.pxe.BootServer} (HTTP boot
 * files, per-MAC iPXE scripts and the ramdisk's job protocol), {@link
 * io.xenia.hostdaemon.driver.pxe.BootScripts}, {@link io.xenia.hostdaemon.driver.pxe.BootFiles}
 * (the deploy kernel and ramdisk, built from Debian packages) and {@link
 * io.xenia.hostdaemon.driver.pxe.SshProbe}. See docs/host-daemon.md.
 */
package io.xenia.hostdaemon.driver.pxe;
