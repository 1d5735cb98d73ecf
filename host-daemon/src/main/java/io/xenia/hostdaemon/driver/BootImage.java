package io.xenia.hostdaemon.driver;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An OS image already fetched, verified against its sha256 and held in the daemon's cache; drivers
 * read it and never change it.
 *
 * @param sha256 hex digest of the main file, the image's identity
 * @param kind what the files are
 * @param file the root file system tarball, or the whole-disk image, or the kernel
 * @param initrd the initrd, for {@link Kind#KERNEL_INITRD}
 */
public record BootImage(String sha256, Kind kind, Path file, Optional<Path> initrd) {
  /** The image formats customers register. */
  public enum Kind {
    /** A tar of a root file system (netns machines). */
    ROOTFS_TAR,
    /** A raw whole-disk image with its own boot loader, written to the machine's disk. */
    DISK_RAW,
    /** A kernel and an initrd, booted directly. */
    KERNEL_INITRD
  }

  public BootImage {
    requireNonNull(sha256, "sha256 is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(file, "file is null");
    requireNonNull(initrd, "initrd is null");
    if (kind == Kind.KERNEL_INITRD && initrd.isEmpty()) {
      throw new IllegalArgumentException("a kernel image needs an initrd");
    }
  }
}
