package io.xenia.hostdaemon.driver.baremetal;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.Driver;

/** {@code driver: redfish}: servers powered over Redfish, network-booted. */
public final class RedfishDriverFactory implements DriverFactory {
  @Override
  public String kind() {
    return "redfish";
  }

  @Override
  public Driver create(DriverContext context) throws Exception {
    return BareMetalDrivers.create(Bmc.Protocol.REDFISH, context);
  }
}
