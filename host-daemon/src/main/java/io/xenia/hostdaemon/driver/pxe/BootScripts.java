package io.xenia.hostdaemon.driver.pxe;

import java.util.Locale;

/**
 * The iPXE scripts of network boot, as text. A machine always boots from the network first; its
 * per-MAC script says what happens: the deploy ramdisk, the wipe ramdisk, a customer's kernel, or
 * the local disk. The ramdisks learn the address iPXE's DHCP got (and the MAC of the NIC it booted
 * from) from the kernel command line, so they need no DHCP client of their own.
 */
public final class BootScripts {
  /** What iPXE knows of the NIC it booted from, handed to the ramdisk. */
  private static final String NETWORK_ARGS =
      "xenia.mac=${netX/mac} xenia.ip=${netX/ip} xenia.netmask=${netX/netmask}"
          + " xenia.gw=${netX/gateway}";

  private BootScripts() {}

  /** The per-MAC script's file name, like {@code 52-54-00-00-00-01.ipxe}. */
  public static String macScriptName(String mac) {
    String lower = mac.toLowerCase(Locale.ROOT);
    if (!lower.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    return lower.replace(':', '-') + ".ipxe";
  }

  /** The TFTP boot file next to the per-MAC scripts (QEMU's user network serves both). */
  public static String tftpChain() {
    return "#!ipxe\nchain ${net0/mac:hexhyp}.ipxe || exit\n";
  }

  /**
   * The HTTP boot file: chains to the per-MAC script on the same server ({@code host} is how the
   * machine addressed it, its Host header), or on failure leaves iPXE, so that the firmware boots
   * the next device.
   */
  static String chainToMacScript(String host) {
    String base = host == null || host.isBlank() ? "" : "http://" + host + "/";
    return "#!ipxe\nchain " + base + "pxe/${netX/mac:hexhyp}.ipxe || exit\n";
  }

  /**
   * The deploy ramdisk, writing the job's image to {@code disk} ({@code auto}: the first found).
   */
  static String deploy(String base, String token, String disk, String kernelArgs) {
    return ramdisk(base, token, "deploy", disk, kernelArgs);
  }

  /** The wipe ramdisk, zeroing the whole of {@code disk}. */
  static String wipe(String base, String token, String disk, String kernelArgs) {
    return ramdisk(base, token, "wipe", disk, kernelArgs);
  }

  private static String ramdisk(
      String base, String token, String mode, String disk, String kernelArgs) {
    return String.join(
        "\n",
        "#!ipxe",
        "kernel "
            + base
            + "/deploy/vmlinuz "
            + kernelArgs
            + " quiet xenia.mode="
            + mode
            + " xenia.url="
            + base
            + "/jobs/"
            + token
            + " xenia.disk="
            + disk
            + " "
            + NETWORK_ARGS,
        "initrd " + base + "/deploy/initrd.gz",
        "boot",
        "");
  }

  /** A customer's kernel and initrd, booted from the job (which also serves their keys). */
  static String directBoot(String base, String token, String kernelArgs) {
    String job = base + "/jobs/" + token;
    return String.join(
        "\n",
        "#!ipxe",
        "kernel "
            + job
            + "/kernel "
            + kernelArgs
            + " quiet xenia.mode=os xenia.url="
            + job
            + " "
            + NETWORK_ARGS,
        "initrd " + job + "/initrd",
        "boot",
        "");
  }

  /**
   * Boot the local disk: {@code sanboot} hands the BIOS disk 0x80 over directly; {@code exit}
   * leaves iPXE so that the firmware boots its next device (the disk), which is what UEFI machines
   * need.
   */
  static String localDisk(LocalBoot how) {
    return switch (how) {
      case SANBOOT -> "#!ipxe\nsanboot --no-describe --drive 0x80\n";
      case EXIT -> "#!ipxe\nexit\n";
    };
  }

  /** How a per-MAC script boots the local disk. */
  public enum LocalBoot {
    SANBOOT,
    EXIT
  }
}
