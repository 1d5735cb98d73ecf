package io.xenia.hostdaemon.driver.fake;

import io.xenia.hostdaemon.daemon.DriverContext;
import io.xenia.hostdaemon.daemon.DriverFactory;
import io.xenia.hostdaemon.driver.Driver;

/** {@code driver: fake} in an inventory: in-memory machines, for trying the daemon out. */
public final class FakeDriverFactory implements DriverFactory {
  @Override
  public String kind() {
    return "fake";
  }

  @Override
  public Driver create(DriverContext context) {
    return new FakeDriver(context.clock());
  }
}
