package io.xenia.hostdaemon.advertise;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.inventory.InventoryMachine;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.records.Capabilities;
import io.xenia.protocol.records.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The advertisement of one ready machine, from the inventory: total = the declared facts, available
 * = total (a ready machine is wholly free), capabilities from the driver kind, the machine's {@code
 * images} setting (comma-separated tokens) and its TEE kinds. Pure; no IO.
 */
public final class AdvertisementFactory {
  private final String hostId;
  private final String ownerAccountId;
  private final Duration ttl;

  public AdvertisementFactory(String hostId, String ownerAccountId, Duration ttl) {
    this.hostId = requireNonNull(hostId, "hostId is null");
    this.ownerAccountId = requireNonNull(ownerAccountId, "ownerAccountId is null");
    this.ttl = requireNonNull(ttl, "ttl is null");
  }

  public Advertisement ready(InventoryMachine machine, long sequence, Instant now) {
    MachineSpec spec = machine.spec();
    Resources total = spec.declared().resources();
    return new Advertisement(
        Advertisement.VERSION,
        hostId,
        ownerAccountId,
        machine.id(),
        machine.location(),
        total,
        total,
        new Capabilities(bootMethods(spec.driver()), images(spec), spec.declared().teeKinds()),
        machine.prices(),
        sequence,
        now,
        ttl.toSeconds());
  }

  /** How a customer's system is booted on a driver's machines. */
  static Set<String> bootMethods(String driver) {
    return switch (driver) {
      case "qemu" -> Set.of("pxe", "ipxe", "image", "kernel-initrd");
      case "redfish", "ipmi" -> Set.of("pxe", "ipxe");
      default -> Set.of("image"); // netns, fake: the daemon installs an image
    };
  }

  private static Set<String> images(MachineSpec spec) {
    Set<String> images = new TreeSet<>();
    Arrays.stream(spec.setting("images", "").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(images::add);
    return images;
  }
}
