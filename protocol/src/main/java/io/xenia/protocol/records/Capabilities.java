package io.xenia.protocol.records;

import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import java.util.Set;

/**
 * What a machine can do, as sets of tokens (1-128 ASCII letters, digits or {@code ._:/+@-}). The
 * vocabularies are open: the protocol carries tokens, the broker and hosts agree on their meaning.
 *
 * @param bootMethods how a customer's system can be booted, like {@code "pxe"}, {@code "ipxe"},
 *     {@code "uefi-http"}, {@code "image"}
 * @param images operating-system images the host can install, like {@code "ubuntu-24.04"}
 * @param teeKinds trusted-execution environments offered, like {@code "sev-snp"}, {@code "tdx"};
 *     empty if none
 */
public record Capabilities(Set<String> bootMethods, Set<String> images, Set<String> teeKinds) {

  /** Validates every token and stores sorted, unmodifiable copies. */
  public Capabilities {
    bootMethods = RecordChecks.tokens(bootMethods, "bootMethods");
    images = RecordChecks.tokens(images, "images");
    teeKinds = RecordChecks.tokens(teeKinds, "teeKinds");
  }

  /** Each set as an array sorted in UTF-16 code-unit order. */
  public CanonicalValue toCanonical() {
    return CanonicalObject.builder()
        .putStringSet("bootMethods", bootMethods)
        .putStringSet("images", images)
        .putStringSet("teeKinds", teeKinds)
        .build();
  }

  /** Decodes and validates; see {@link #toCanonical()}. */
  public static Capabilities fromCanonical(CanonicalValue value) {
    return read(FieldReader.of(value, "capabilities"));
  }

  static Capabilities read(FieldReader r) {
    Set<String> boot = r.stringSet("bootMethods", v -> RecordChecks.token(v, "boot method"));
    Set<String> images = r.stringSet("images", v -> RecordChecks.token(v, "image"));
    Set<String> tee = r.stringSet("teeKinds", v -> RecordChecks.token(v, "TEE kind"));
    return r.build(() -> new Capabilities(boot, images, tee));
  }
}
