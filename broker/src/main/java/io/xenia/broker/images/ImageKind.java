package io.xenia.broker.images;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an image boots from: a kernel with its initrd (and maybe a root filesystem), a disk, or a
 * root file system alone.
 */
public enum ImageKind {
  KERNEL_INITRD(
      "kernel-initrd",
      EnumSet.of(PartName.KERNEL, PartName.INITRD),
      EnumSet.of(PartName.KERNEL, PartName.INITRD, PartName.ROOTFS)),
  DISK("disk", EnumSet.of(PartName.DISK), EnumSet.of(PartName.DISK)),
  /** A root file system alone (a tar): what netns machines boot, unpacked as the root. */
  ROOTFS("rootfs", EnumSet.of(PartName.ROOTFS), EnumSet.of(PartName.ROOTFS));

  private final String wireName;
  private final Set<PartName> required;
  private final Set<PartName> allowed;

  ImageKind(String wireName, EnumSet<PartName> required, EnumSet<PartName> allowed) {
    this.wireName = wireName;
    this.required = Set.copyOf(required);
    this.allowed = Set.copyOf(allowed);
  }

  public String wireName() {
    return wireName;
  }

  /** Parts an image of this kind must have. */
  public Set<PartName> required() {
    return required;
  }

  /** Parts an image of this kind may have. */
  public Set<PartName> allowed() {
    return allowed;
  }

  public static Optional<ImageKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }
}
