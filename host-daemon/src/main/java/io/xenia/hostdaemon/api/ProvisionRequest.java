package io.xenia.hostdaemon.api;

import java.util.List;
import java.util.Map;

/**
 * Provisions an admitted session. Either a registered image by digest ({@code image}: its kind and
 * its parts' sha256, fetched from the broker's store and peers), or the URL form (the file at
 * {@code imageUrl} with sha256 {@code imageSha256}); all absent means the driver's default image.
 * The agreement's customer key is always installed; {@code sshPublicKeys} are further OpenSSH
 * public key lines (one key each, no options) the machine's authorized_keys gets beside it — the
 * session's other keys, which the agreement does not carry.
 */
public record ProvisionRequest(
    String imageUrl, String imageSha256, Image image, List<String> sshPublicKeys) {
  /** The most further keys one session may bring. */
  public static final int MAX_SSH_KEYS = 16;

  public ProvisionRequest(String imageUrl, String imageSha256) {
    this(imageUrl, imageSha256, null, null);
  }

  /** The further keys, none when absent. */
  public List<String> furtherSshKeys() {
    return sshPublicKeys == null ? List.of() : sshPublicKeys;
  }

  /**
   * A registered image: {@code kind} {@code kernel-initrd} (parts {@code kernel}, {@code initrd},
   * maybe {@code rootfs}), {@code disk} (part {@code disk}) or {@code rootfs} (part {@code
   * rootfs}).
   */
  public record Image(String kind, Map<String, String> parts) {}
}
