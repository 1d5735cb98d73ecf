package io.xenia.hostdaemon.driver.qemu;

import io.xenia.hostdaemon.driver.MachineSpec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The qemu driver's network byte counters: one {@link FrameMeter} per machine that has the setting
 * {@code meterPort} (the UDP port its QEMU hardware copies frames to). Counts are per deployment:
 * {@link #restart} at the deployment's boot, {@link #stop} at the wipe. A meter that is not running
 * when read (the daemon restarted) starts then and counts from zero, which the metering core takes
 * as a counter reset; traffic while no meter runs is not counted.
 */
final class FrameMeters implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(FrameMeters.class.getName());

  /** Bytes received and sent by a machine since its meter started. */
  record Bytes(long rx, long tx) {
    static final Bytes NONE = new Bytes(0, 0);
  }

  private final Map<String, FrameMeter> meters = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** Starts counting the machine's frames from zero (a new deployment boots). */
  void restart(MachineSpec machine) {
    stop(machine.id());
    read(machine);
  }

  /** The machine's counts, starting its meter if none runs; zero without {@code meterPort}. */
  Bytes read(MachineSpec machine) {
    String port = machine.settings().get("meterPort");
    if (port == null) {
      return Bytes.NONE;
    }
    FrameMeter meter = meters.computeIfAbsent(machine.id(), id -> start(machine, port));
    return meter == null ? Bytes.NONE : new Bytes(meter.rxBytes(), meter.txBytes());
  }

  /** Stops counting (the machine is wiped); the next read starts from zero. */
  void stop(String machineId) {
    FrameMeter meter = meters.remove(machineId);
    if (meter != null) {
      meter.close();
    }
  }

  /** A running meter, or null (logged once) when it cannot start: counts stay zero, not wrong. */
  private FrameMeter start(MachineSpec machine, String port) {
    try {
      if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("meterPort is not a port: " + port);
      }
      FrameMeter meter =
          new FrameMeter(machine.id(), Integer.parseInt(port), machine.bootMac().orElseThrow());
      warned.remove(machine.id());
      return meter;
    } catch (IOException | RuntimeException e) {
      if (warned.add(machine.id())) {
        LOG.log(
            Level.WARNING,
            "{0}: cannot count network bytes on UDP 127.0.0.1:{1} ({2}); reporting 0",
            machine.id(),
            port,
            e.toString());
      }
      return null;
    }
  }

  @Override
  public void close() {
    meters.keySet().forEach(this::stop);
  }
}
