/**
 * The driver SPI: {@link io.xenia.hostdaemon.driver.Driver} and the values it takes and returns.
 * Drivers live in sub-packages ({@code fake}, {@code netns}, {@code qemu}, {@code baremetal} for
 * {@code ipmi} and {@code redfish}; {@code pxe} is the network-boot code qemu and baremetal share);
 * nothing here does IO.
 */
package io.xenia.hostdaemon.driver;
