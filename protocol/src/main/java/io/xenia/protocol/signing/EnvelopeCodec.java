package io.xenia.protocol.signing;

import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalArray;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.encoding.RecordFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON layout of a {@link SignedEnvelope}:
 *
 * <pre>{@code
 * {"body":{...record...},
 *  "signatures":[{"signature":"<base64url 64 bytes>","signer":"<base64url 32 bytes>"}, ...],
 *  "type":"advertisement",
 *  "version":1}
 * }</pre>
 *
 * The body is embedded as JSON rather than as opaque bytes so envelopes stay readable; its signed
 * bytes are its canonical encoding, recomputed on receipt.
 */
final class EnvelopeCodec {
  private EnvelopeCodec() {}

  static CanonicalValue toCanonical(SignedEnvelope envelope) {
    List<CanonicalValue> signatures = new ArrayList<>();
    for (RecordSignature s : envelope.signatures()) {
      signatures.add(
          CanonicalObject.builder()
              .putBytes("signature", s.signature())
              .put("signer", s.signer().toBase64Url())
              .build());
    }
    return CanonicalObject.builder()
        .put("body", envelope.bodyValue())
        .put("signatures", new CanonicalArray(signatures))
        .put("type", envelope.type())
        .put("version", envelope.version())
        .build();
  }

  static SignedEnvelope fromCanonical(CanonicalValue value) {
    FieldReader envelope = FieldReader.of(value, "envelope");
    int version = (int) envelope.integer("version", 1, Integer.MAX_VALUE);
    String type = envelope.string("type");
    CanonicalValue body = envelope.value("body");
    if (!(body instanceof CanonicalObject)) {
      throw envelope.error("body", "expected an object, found " + body.kind());
    }
    List<RecordSignature> signatures = new ArrayList<>();
    List<CanonicalValue> elements = envelope.array("signatures");
    for (int i = 0; i < elements.size(); i++) {
      FieldReader s = FieldReader.of(elements.get(i), envelope.path("signatures[" + i + "]"));
      Ed25519PublicKey signer;
      try {
        signer = Ed25519PublicKey.fromBase64Url(s.string("signer"));
      } catch (IllegalArgumentException e) {
        throw new RecordFormatException(s.path("signer"), e.getMessage(), e);
      }
      signatures.add(new RecordSignature(signer, s.bytes("signature")));
      s.finish();
    }
    envelope.finish();
    try {
      return SignedEnvelope.ofCanonicalBody(
          version, type, CanonicalJson.encode(body), signatures, body);
    } catch (IllegalArgumentException e) {
      throw new RecordFormatException("envelope", e.getMessage(), e);
    }
  }
}
