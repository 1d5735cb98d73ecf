package io.xenia.protocol.signing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalJsonException;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.encoding.RecordFormatException;
import io.xenia.protocol.signing.VerificationException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedEnvelopeTest {
  record Note(String text) {}

  static final RecordType<Note> NOTE =
      new RecordType<>(
          "note",
          n -> CanonicalObject.builder().put("text", n.text()).build(),
          v -> {
            FieldReader r = FieldReader.of(v, "note");
            Note n = new Note(r.string("text"));
            r.finish();
            return n;
          });

  static final RecordType<Note> MEMO = new RecordType<>("memo", NOTE.encoder(), NOTE.decoder());

  static final Ed25519KeyPair ALICE = Ed25519KeyPair.fromSeed(new byte[32]);
  static final Ed25519KeyPair BOB = Ed25519KeyPair.fromSeed(filled(1));

  @Test
  void signsAndOpens() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE);
    assertEquals("{\"text\":\"hi\"}", new String(envelope.body(), UTF_8));
    Signed<Note> signed = envelope.open(NOTE);
    assertEquals(new Note("hi"), signed.record());
    assertEquals(List.of(ALICE.publicKey()), signed.signers());
    signed.requireSignedBy(ALICE.publicKey());
    assertEquals(
        ALICE.publicKey(), signed.requireSignerWithFingerprint(ALICE.publicKey().fingerprint()));
    assertEquals(Reason.MISSING_SIGNER, reason(() -> signed.requireSignedBy(BOB.publicKey())));
    assertEquals(
        Reason.MISSING_SIGNER,
        reason(() -> signed.requireSignerWithFingerprint(BOB.publicKey().fingerprint())));
  }

  @Test
  void signatureCoversTheDomainSeparatedInput() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE);
    byte[] input = SignedEnvelope.signingInput("note", envelope.body());
    assertEquals("xenia-v1:note:{\"text\":\"hi\"}", new String(input, UTF_8));
    assertArrayEquals(ALICE.sign(input), envelope.signatures().get(0).signature());
    assertTrue(
        !ALICE.publicKey().verify(envelope.body(), envelope.signatures().get(0).signature()));
  }

  @Test
  void aSignatureForOneTypeNeverVerifiesAsAnother() {
    SignedEnvelope note = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE);
    assertEquals(Reason.WRONG_TYPE, reason(() -> note.open(MEMO)));
    SignedEnvelope relabelled = SignedEnvelope.of(1, "memo", note.body(), note.signatures());
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> relabelled.open(MEMO)));
  }

  @Test
  void refusesTamperingAndMissingSignatures() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE);
    SignedEnvelope tampered =
        SignedEnvelope.of(1, "note", "{\"text\":\"ho\"}".getBytes(UTF_8), envelope.signatures());
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> tampered.open(NOTE)));
    SignedEnvelope unsigned = SignedEnvelope.of(1, "note", envelope.body(), List.of());
    assertEquals(Reason.NO_SIGNATURE, reason(() -> unsigned.open(NOTE)));
    SignedEnvelope future = SignedEnvelope.of(2, "note", envelope.body(), envelope.signatures());
    assertEquals(Reason.UNSUPPORTED_VERSION, reason(() -> future.open(NOTE)));
    byte[] badBytes = envelope.signatures().get(0).signature();
    badBytes[0] ^= 1;
    SignedEnvelope forged =
        SignedEnvelope.of(
            1, "note", envelope.body(), List.of(new RecordSignature(ALICE.publicKey(), badBytes)));
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> forged.open(NOTE)));
    SignedEnvelope shortSignature =
        SignedEnvelope.of(
            1,
            "note",
            envelope.body(),
            List.of(new RecordSignature(ALICE.publicKey(), new byte[3])));
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> shortSignature.open(NOTE)));
  }

  @Test
  void oneBadSignatureSpoilsAnEnvelope() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE).cosign(BOB);
    RecordSignature good = envelope.signatures().get(0);
    RecordSignature bad = new RecordSignature(envelope.signatures().get(1).signer(), new byte[64]);
    SignedEnvelope mixed = SignedEnvelope.of(1, "note", envelope.body(), List.of(good, bad));
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> mixed.open(NOTE)));
  }

  @Test
  void malformedBodiesAreReportedAfterSignatures() {
    byte[] body = "{\"text\":1}".getBytes(UTF_8);
    SignedEnvelope envelope =
        SignedEnvelope.of(
            1,
            "note",
            body,
            List.of(
                new RecordSignature(
                    ALICE.publicKey(), ALICE.sign(SignedEnvelope.signingInput("note", body)))));
    VerificationException e = assertThrows(VerificationException.class, () -> envelope.open(NOTE));
    assertEquals(Reason.MALFORMED_RECORD, e.reason());
    assertTrue(e.getMessage().contains("note.text: expected a string"), e.getMessage());
  }

  @Test
  void cosigningIsOrderIndependent() {
    SignedEnvelope ab = SignedEnvelope.sign(NOTE, new Note("deal"), ALICE).cosign(BOB);
    SignedEnvelope ba = SignedEnvelope.sign(NOTE, new Note("deal"), BOB).cosign(ALICE);
    assertEquals(ab, ba);
    assertArrayEquals(ab.toJson(), ba.toJson());
    ab.open(NOTE).requireSignedBy(ALICE.publicKey(), BOB.publicKey());
    assertThrows(IllegalArgumentException.class, () -> ab.cosign(ALICE));
  }

  @Test
  void envelopeJsonRoundTripsInAnyLayout() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("h\u00e9"), ALICE).cosign(BOB);
    byte[] json = envelope.toJson();
    assertEquals(envelope, SignedEnvelope.fromJson(json));
    String text = new String(json, UTF_8);
    assertTrue(
        text.startsWith("{\"body\":{\"text\":\"h\u00e9\"},\"signatures\":[{\"signature\":"), text);
    assertTrue(text.endsWith("],\"type\":\"note\",\"version\":1}"), text);
    // Reformatted by some JSON tool in transit: still the same envelope, still verifies.
    String reformatted = text.replace(",", ",\n  ").replace("\u00e9", "\\u00E9");
    SignedEnvelope received = SignedEnvelope.fromJson(reformatted.getBytes(UTF_8));
    assertEquals(envelope, received);
    assertEquals(new Note("h\u00e9"), received.open(NOTE).record());
    // Read from JSON, the record is decoded from the tree the signed bytes were encoded from: a
    // change to it in transit is a change to those bytes.
    SignedEnvelope tampered =
        SignedEnvelope.fromJson(reformatted.replace("\\u00E9", "e").getBytes(UTF_8));
    assertEquals(Reason.BAD_SIGNATURE, reason(() -> tampered.open(NOTE)));
  }

  @Test
  void envelopeJsonIsStrict() {
    SignedEnvelope envelope = SignedEnvelope.sign(NOTE, new Note("hi"), ALICE);
    CanonicalObject value = (CanonicalObject) envelope.toCanonical();
    CanonicalObject.Builder extra = CanonicalObject.builder();
    value.members().forEach(extra::put);
    extra.put("extra", 1);
    assertThrows(RecordFormatException.class, () -> SignedEnvelope.fromCanonical(extra.build()));
    String json = new String(envelope.toJson(), UTF_8);
    String duplicated = json.replace("\"signatures\":[{", "\"signatures\":[{" + sig(json) + "},{");
    assertThrows(
        RecordFormatException.class, () -> SignedEnvelope.fromJson(duplicated.getBytes(UTF_8)));
    assertThrows(
        RecordFormatException.class,
        () ->
            SignedEnvelope.fromJson(
                json.replace("\"version\":1", "\"version\":0").getBytes(UTF_8)));
    assertThrows(
        RecordFormatException.class,
        () ->
            SignedEnvelope.fromJson(
                json.replace("\"signer\":\"", "\"signer\":\"A").getBytes(UTF_8)));
    assertThrows(
        RecordFormatException.class,
        () ->
            SignedEnvelope.fromJson(
                json.replace("\"type\":\"note\"", "\"type\":\"no:te\"").getBytes(UTF_8)));
    assertThrows(
        CanonicalJsonException.class,
        () -> SignedEnvelope.of(1, "note", "{ }".getBytes(UTF_8), List.of()));
  }

  @Test
  void recordTypeNamesCannotBreakTheSigningInput() {
    for (String name : new String[] {"", "Note", "a:b", "a b", "1note", "n\u00e9"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new RecordType<>(name, NOTE.encoder(), NOTE.decoder()));
    }
  }

  private static String sig(String json) {
    int start = json.indexOf("\"signatures\":[{") + "\"signatures\":[{".length();
    return json.substring(start, json.indexOf('}', start));
  }

  private static Reason reason(Runnable action) {
    return assertThrows(VerificationException.class, action::run).reason();
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  static CanonicalValue parse(String json) {
    return CanonicalJson.parse(json.getBytes(UTF_8));
  }
}
