package io.xenia.hostdaemon.store;

import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.Limits;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.protocol.crypto.Ed25519PublicKey;
import io.xenia.protocol.encoding.CanonicalArray;
import io.xenia.protocol.encoding.CanonicalJson;
import io.xenia.protocol.encoding.CanonicalObject;
import io.xenia.protocol.encoding.CanonicalString;
import io.xenia.protocol.encoding.CanonicalValue;
import io.xenia.protocol.encoding.FieldReader;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A machine's file: canonical JSON (protocol's encoding, reused so the files need no other JSON
 * library), {@code "format":1}. Unknown fields are refused, so a newer daemon's file is not
 * half-read by an older one.
 */
final class MachineRecordCodec {
  static final int FORMAT = 1;

  private MachineRecordCodec() {}

  static byte[] encode(MachineRecord r) {
    CanonicalObject.Builder b =
        CanonicalObject.builder()
            .put("format", FORMAT)
            .put("machineId", r.machineId())
            .put("version", r.version())
            .put("state", r.state().wireName())
            .put("since", r.since());
    r.reason().ifPresent(v -> b.put("reason", v));
    r.session().ifPresent(s -> b.put("session", session(s)));
    r.endpoint()
        .ifPresent(
            e ->
                b.put(
                    "endpoint",
                    CanonicalObject.builder()
                        .put("host", e.host())
                        .put("port", e.port())
                        .put("user", e.user())
                        .build()));
    r.lastWipe().ifPresent(w -> b.put("lastWipe", w.toCanonical()));
    return CanonicalJson.encode(b.build());
  }

  static MachineRecord decode(byte[] json) {
    FieldReader r = FieldReader.of(CanonicalJson.parse(json), "machine");
    r.integer("format", FORMAT, FORMAT);
    String id = r.string("machineId");
    long version = r.integer("version", 0, Long.MAX_VALUE);
    MachineState state = r.string("state", MachineState::fromWireName);
    var since = r.instant("since");
    Optional<String> reason = r.optionalString("reason");
    Optional<Session> session = r.optionalObject("session").map(MachineRecordCodec::session);
    Optional<Endpoint> endpoint =
        r.optionalObject("endpoint")
            .map(
                e -> {
                  String host = e.string("host");
                  int port = (int) e.integer("port", 1, 65535);
                  String user = e.string("user");
                  return e.build(() -> new Endpoint(host, port, user));
                });
    Optional<SignedEnvelope> lastWipe =
        r.optionalValue("lastWipe").map(SignedEnvelope::fromCanonical);
    return r.build(
        () -> new MachineRecord(id, version, state, reason, session, endpoint, lastWipe, since));
  }

  private static CanonicalValue session(Session s) {
    List<CanonicalValue> keys = new ArrayList<>();
    s.sshPublicKeys().forEach(k -> keys.add(new CanonicalString(k)));
    CanonicalObject.Builder b =
        CanonicalObject.builder()
            .put("sessionId", s.sessionId())
            .put("agreementId", s.agreementId())
            .put("customerAccountId", s.customerAccountId())
            .put("customerPublicKey", s.customerPublicKey().toBase64Url())
            .put("sshPublicKeys", new CanonicalArray(keys))
            .put(
                "limits",
                CanonicalObject.builder()
                    .put("cpuCores", s.limits().cpuCores())
                    .put("memoryMiB", s.limits().memoryMiB())
                    .build());
    s.image().ifPresent(i -> b.put("image", image(i)));
    s.agreement().ifPresent(a -> b.put("agreement", a.toCanonical()));
    s.notAfter().ifPresent(t -> b.put("notAfter", t));
    return b.build();
  }

  private static Session session(FieldReader r) {
    String sessionId = r.string("sessionId");
    String agreementId = r.string("agreementId");
    String customer = r.string("customerAccountId");
    Ed25519PublicKey key = r.string("customerPublicKey", Ed25519PublicKey::fromBase64Url);
    List<String> ssh = new ArrayList<>();
    for (CanonicalValue v : r.array("sshPublicKeys")) {
      if (!(v instanceof CanonicalString str)) {
        throw r.error("sshPublicKeys", "expected strings");
      }
      ssh.add(str.value());
    }
    FieldReader l = r.object("limits");
    int cpu = (int) l.integer("cpuCores", 1, Integer.MAX_VALUE);
    long mem = l.integer("memoryMiB", 1, Long.MAX_VALUE);
    Limits limits = l.build(() -> new Limits(cpu, mem));
    Optional<ImageRef> image = r.optionalObject("image").map(MachineRecordCodec::image);
    Optional<SignedEnvelope> agreement =
        r.optionalValue("agreement").map(SignedEnvelope::fromCanonical);
    var notAfter =
        r.has("notAfter")
            ? Optional.of(r.instant("notAfter"))
            : Optional.<java.time.Instant>empty();
    return r.build(
        () ->
            new Session(
                sessionId, agreementId, customer, key, ssh, limits, image, agreement, notAfter));
  }

  private static CanonicalValue image(ImageRef i) {
    CanonicalObject.Builder b =
        CanonicalObject.builder().put("sha256", i.sha256()).put("kind", i.kind().name());
    i.url().ifPresent(u -> b.put("url", u.toString()));
    i.initrd().ifPresent(d -> b.put("initrd", image(d)));
    return b.build();
  }

  private static ImageRef image(FieldReader r) {
    String sha = r.string("sha256");
    Optional<URI> url = r.optionalString("url").map(URI::create);
    BootImage.Kind kind = r.string("kind", BootImage.Kind::valueOf);
    Optional<ImageRef> initrd = r.optionalObject("initrd").map(MachineRecordCodec::image);
    return r.build(() -> new ImageRef(sha, url, kind, initrd));
  }
}
