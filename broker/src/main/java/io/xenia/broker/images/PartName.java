package io.xenia.broker.images;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** The files an image is made of, each with the formats the broker recognises for it. */
public enum PartName {
  KERNEL("kernel", Set.of(ImageFormat.BZIMAGE)),
  INITRD("initrd", Set.of(ImageFormat.GZIP, ImageFormat.CPIO, ImageFormat.ZSTD, ImageFormat.XZ)),
  ROOTFS("rootfs", Set.of(ImageFormat.EXT4, ImageFormat.SQUASHFS, ImageFormat.TAR)),
  DISK("disk", Set.of(ImageFormat.RAW, ImageFormat.QCOW2));

  private final String wireName;
  private final Set<ImageFormat> formats;

  PartName(String wireName, Set<ImageFormat> formats) {
    this.wireName = wireName;
    this.formats = formats;
  }

  public String wireName() {
    return wireName;
  }

  /** The formats a part of this name may declare. */
  public Set<ImageFormat> formats() {
    return formats;
  }

  public static Optional<PartName> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
