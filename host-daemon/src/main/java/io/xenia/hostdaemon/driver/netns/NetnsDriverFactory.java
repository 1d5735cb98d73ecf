package io.xenia.hostdaemon.driver.netns;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;

/**
 * {@code driver: netns} in an inventory. Each machine's {@code stateDir} setting (default {@code
 * /var/lib/xenia/netns}) says where its files live, so the daemon's own state directory is not used
 * here.
 */
public final class NetnsDriverFactory implements DriverFactory {
  @Override
  public String kind() {
    return "netns";
  }

  @Override
  public Driver create(DriverContext context) throws DriverException {
    return new NetnsDriver();
  }
}
