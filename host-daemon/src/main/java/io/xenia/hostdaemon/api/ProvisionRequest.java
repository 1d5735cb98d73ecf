package io.xenia.hostdaemon.api;

import java.util.List;

/**
 * Provisions an admitted session. The image is fetched by its sha256 digest from {@code imageUrl};
 * both absent means the driver's default image. The agreement's customer key is always installed;
 * {@code sshPublicKeys} are further OpenSSH public key lines (one key each, no options) the
 * machine's authorized_keys gets beside it — the session's other keys, which the agreement does not
 * carry.
 */
public record ProvisionRequest(String imageUrl, String imageSha256, List<String> sshPublicKeys) {
  /** The most further keys one session may bring. */
  public static final int MAX_SSH_KEYS = 16;

  public ProvisionRequest(String imageUrl, String imageSha256) {
    this(imageUrl, imageSha256, null);
  }

  /** The further keys, none when absent. */
  public List<String> furtherSshKeys() {
    return sshPublicKeys == null ? List.of() : sshPublicKeys;
  }
}
