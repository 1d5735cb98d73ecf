package io.xenia.hostdaemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.hostdaemon.driver.BootImage;
import org.junit.jupiter.api.Test;

class ImageKindsTest {
  @Test
  void eachDriverBootsTheKindsItCanAndNamesThemWhenRefusing() {
    assertTrue(ImageKinds.refusal("netns", "rootfs").isEmpty());
    assertEquals(
        "a netns machine boots rootfs images, not disk",
        ImageKinds.refusal("netns", "disk").orElseThrow());
    assertTrue(ImageKinds.refusal("qemu", "kernel-initrd").isEmpty());
    assertTrue(ImageKinds.refusal("qemu", "disk").isEmpty());
    assertEquals(
        "a qemu machine boots disk or kernel-initrd images, not rootfs",
        ImageKinds.refusal("qemu", "rootfs").orElseThrow());
    assertTrue(ImageKinds.refusal("fake", "rootfs").isEmpty());
    assertTrue(ImageKinds.refusal("unknown-driver", "disk").isPresent());
    assertEquals(BootImage.Kind.ROOTFS_TAR, ImageKinds.bootKind("rootfs"));
    assertEquals(BootImage.Kind.DISK_RAW, ImageKinds.bootKind("disk"));
    assertEquals(BootImage.Kind.KERNEL_INITRD, ImageKinds.bootKind("kernel-initrd"));
  }
}
