package io.xenia.hostdaemon.driver.qemu;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.pxe.BootFiles;
import java.io.IOException;

/**
 * {@code driver: qemu} in an inventory. Machines' disks and boot scripts live in {@code machines/}
 * of the driver's directory; the deploy kernel, ramdisk and default image are built once into
 * {@code boot/} there (about 20 s, needs apt-get) on the first start.
 */
public final class QemuDriverFactory implements DriverFactory {
  @Override
  public String kind() {
    return "qemu";
  }

  @Override
  public Driver create(DriverContext context) throws IOException {
    return new QemuDriver(
        context.stateDir().resolve("machines"),
        BootFiles.ensure(context.stateDir().resolve("boot")));
  }
}
