package io.xenia.hostdaemon.metering;

import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import java.time.Clock;

/**
 * Metering of a running daemon: the sampler (a store listener too, for final records), the spool
 * and the Kafka shipper. {@code host-daemon run} starts it after the daemon and closes it first.
 */
public final class Metering implements AutoCloseable {
  private final UsageSpool spool;
  private final UsageSampler sampler;
  private final KafkaShipper shipper;

  private Metering(UsageSpool spool, UsageSampler sampler, KafkaShipper shipper) {
    this.spool = spool;
    this.sampler = sampler;
    this.shipper = shipper;
  }

  /** Starts sampling the daemon's running sessions and shipping their records. */
  public static Metering start(HostDaemon daemon, MeteringSettings settings, Clock clock) {
    UsageSpool spool = UsageSpool.open(settings.spoolDir());
    KafkaShipper shipper =
        new KafkaShipper(
            spool,
            daemon.hostKey(),
            settings.bootstrapServers(),
            settings.topic(),
            settings.deliveryTimeout());
    UsageReader reader =
        machineId -> {
          MachineSpec spec =
              daemon
                  .inventory()
                  .machine(machineId)
                  .map(InventoryMachine::spec)
                  .orElseThrow(
                      () ->
                          new DriverException(
                              DriverException.Kind.FAILED,
                              machineId + " is no longer in the inventory"));
          return daemon.drivers().forMachine(spec).usage(spec);
        };
    UsageSampler sampler =
        new UsageSampler(
            spool, daemon.store()::all, reader, daemon.hostKey(), clock, shipper::wake);
    daemon.store().addListener(sampler);
    sampler.start(settings.interval());
    shipper.start(settings.interval());
    return new Metering(spool, sampler, shipper);
  }

  public UsageSpool spool() {
    return spool;
  }

  public UsageSampler sampler() {
    return sampler;
  }

  public KafkaShipper shipper() {
    return shipper;
  }

  /**
   * Stops sampling, then shipping; open sessions and unshipped records resume at the next start.
   */
  @Override
  public void close() {
    sampler.close();
    shipper.close();
  }
}
