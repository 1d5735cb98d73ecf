package io.xenia.hostdaemon.driver.baremetal;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import java.io.IOException;

/**
 * The state layout of a bare-metal driver kind: {@code machines/<id>/session} (markers), {@code
 * pxe/} (per-MAC scripts, served over HTTP; also a TFTP root if the operator prefers), {@code
 * boot/} (the deploy kernel and ramdisk, built once on the first start, about 20 s, needs apt-get).
 */
final class BareMetalDrivers {
  private BareMetalDrivers() {}

  static BareMetalDriver create(Bmc.Protocol protocol, DriverContext context) throws IOException {
    return new BareMetalDriver(
        protocol,
        context.stateDir().resolve("machines"),
        context.stateDir().resolve("pxe"),
        BootFiles.ensure(context.stateDir().resolve("boot")));
  }
}
