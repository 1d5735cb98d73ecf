package io.xenia.hostdaemon.session;

import io.xenia.hostdaemon.driver.BootDevice;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.Driver;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Inspection;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.PowerAction;
import io.xenia.hostdaemon.driver.UsageCounters;
import io.xenia.hostdaemon.driver.WipeReport;

/**
 * A driver that passes every call to another but does not override {@link Driver#resize}: a driver
 * that cannot resize a running machine (as qemu), with the SPI's own refusal. Subclasses may script
 * resize.
 */
class DelegatingDriver implements Driver {
  final Driver inner;

  DelegatingDriver(Driver inner) {
    this.inner = inner;
  }

  @Override
  public String kind() {
    return inner.kind();
  }

  @Override
  public Inspection inspect(MachineSpec machine) throws DriverException {
    return inner.inspect(machine);
  }

  @Override
  public void power(MachineSpec machine, PowerAction action) throws DriverException {
    inner.power(machine, action);
  }

  @Override
  public void bootFrom(MachineSpec machine, BootDevice device) throws DriverException {
    inner.bootFrom(machine, device);
  }

  @Override
  public Endpoint deploy(MachineSpec machine, Deployment deployment) throws DriverException {
    return inner.deploy(machine, deployment);
  }

  @Override
  public WipeReport wipe(MachineSpec machine) throws DriverException {
    return inner.wipe(machine);
  }

  @Override
  public UsageCounters usage(MachineSpec machine) throws DriverException {
    return inner.usage(machine);
  }
}
