package io.xenia.hostdaemon.daemon;

import io.xenia.hostdaemon.driver.Driver;

/**
 * Makes one kind of driver for {@code host-daemon run}. Implementations are found with {@link
 * java.util.ServiceLoader}: a driver module lists its factory in {@code
 * META-INF/services/io.xenia.hostdaemon.daemon.DriverFactory}, so the command line needs no change
 * when a driver is added.
 */
public interface DriverFactory {
  /** The inventory's {@code driver} value this factory serves, like {@code "netns"}. */
  String kind();

  /** A driver for all machines of this kind. */
  Driver create(DriverContext context) throws Exception;
}
