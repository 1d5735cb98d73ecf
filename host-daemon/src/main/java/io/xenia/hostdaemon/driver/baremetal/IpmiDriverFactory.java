package io.xenia.hostdaemon.driver.baremetal;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.Driver;

/** {@code driver: ipmi}: servers powered over IPMI (lanplus), network-booted. */
public final class IpmiDriverFactory implements DriverFactory {
  @Override
  public String kind() {
    return "ipmi";
  }

  @Override
  public Driver create(DriverContext context) throws Exception {
    return BareMetalDrivers.create(Bmc.Protocol.IPMI, context);
  }
}
