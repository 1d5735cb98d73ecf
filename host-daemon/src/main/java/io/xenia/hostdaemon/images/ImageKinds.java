package io.xenia.hostdaemon.images;

import io.xenia.hostdaemon.driver.BootImage;
import java.util.Optional;
import java.util.Set;

/**
 * Which registered image kinds (the broker's wire names) a driver can boot, and what the files are
 * to the driver. A netns machine is a chroot over a root file system, so it boots only a {@code
 * rootfs} image (a tar unpacked as the machine's root); QEMU and bare-metal machines boot a kernel
 * with its initrd, or a whole disk; fake machines boot nothing and take any kind.
 */
public final class ImageKinds {
  public static final String KERNEL_INITRD = "kernel-initrd";
  public static final String DISK = "disk";
  public static final String ROOTFS = "rootfs";

  private ImageKinds() {}

  /** The kinds {@code driver} can boot. */
  public static Set<String> bootableBy(String driver) {
    return switch (driver) {
      case "fake" -> Set.of(KERNEL_INITRD, DISK, ROOTFS);
      case "netns" -> Set.of(ROOTFS);
      case "qemu", "ipmi", "redfish" -> Set.of(KERNEL_INITRD, DISK);
      default -> Set.of();
    };
  }

  /** Why {@code driver} cannot boot {@code kind}, or empty when it can. */
  public static Optional<String> refusal(String driver, String kind) {
    if (bootableBy(driver).contains(kind)) {
      return Optional.empty();
    }
    return Optional.of(
        "a "
            + driver
            + " machine boots "
            + (bootableBy(driver).isEmpty()
                ? "no registered images"
                : String.join(" or ", new java.util.TreeSet<>(bootableBy(driver))))
            + " images, not "
            + kind);
  }

  /** The driver's name for the main file of a registered kind. */
  public static BootImage.Kind bootKind(String kind) {
    return switch (kind) {
      case KERNEL_INITRD -> BootImage.Kind.KERNEL_INITRD;
      case DISK -> BootImage.Kind.DISK_RAW;
      case ROOTFS -> BootImage.Kind.ROOTFS_TAR;
      default -> throw new IllegalArgumentException("unknown image kind " + kind);
    };
  }
}
