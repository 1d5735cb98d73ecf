/**
 * The bare-metal drivers {@code ipmi} and {@code redfish}: real servers powered through their BMC
 * and provisioned by network boot, with the code the qemu driver shares ({@link
 * io.xenia.hostdaemon.driver.pxe}). See {@link
 * io.xenia.hostdaemon.driver.baremetal.BareMetalDriver} and docs/host-daemon.md, "Bare-metal
 * drivers".
 */
package io.xenia.hostdaemon.driver.baremetal;
