package io.xenia.hostdaemon.bmc;

import io.xenia.hostdaemon.driver.Bmc;
import java.time.Duration;
import java.util.Optional;

/** The client for a BMC, by its protocol. */
public final class BmcPowers {
  private BmcPowers() {}

  /**
   * @param redfishSystem the ComputerSystem id for Redfish BMCs that manage several systems; empty
   *     means the first (usually only) member of {@code /redfish/v1/Systems}
   */
  public static BmcPower of(Bmc bmc, Optional<String> redfishSystem) {
    return switch (bmc.protocol()) {
      case IPMI -> new IpmiPower(bmc, Duration.ofSeconds(20));
      case REDFISH -> new RedfishPower(bmc, redfishSystem, Duration.ofSeconds(60));
    };
  }
}
