package io.xenia.hostdaemon.driver;

/** Where a machine boots from next. */
public enum BootDevice {
  /** PXE/iPXE from the network, where the deploy ramdisk comes from. */
  NETWORK,
  /** Its local disk, once an image is on it. */
  DISK
}
