package io.xenia.hostdaemon.wiring;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenia.hostdaemon.admission.AdmissionDecision.Admitted;
import io.xenia.hostdaemon.admission.AdmissionDecision.Refused;
import io.xenia.hostdaemon.api.AdmissionDecision;
import io.xenia.hostdaemon.api.AdmissionRequest;
import io.xenia.hostdaemon.api.ControlCaller;
import io.xenia.hostdaemon.api.EventSubscription;
import io.xenia.hostdaemon.api.HostControl;
import io.xenia.hostdaemon.api.HostControlException;
import io.xenia.hostdaemon.api.HostStatusReport;
import io.xenia.hostdaemon.api.LifecycleEvent;
import io.xenia.hostdaemon.api.ModifyRequest;
import io.xenia.hostdaemon.api.ProvisionRequest;
import io.xenia.hostdaemon.api.SessionStatus;
import io.xenia.hostdaemon.daemon.HostDaemon;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.images.ImageKinds;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.session.ModificationDecision;
import io.xenia.hostdaemon.session.ModificationRefusal;
import io.xenia.hostdaemon.session.SessionChange;
import io.xenia.protocol.records.Agreement;
import io.xenia.protocol.records.LeaseEnd;
import io.xenia.protocol.records.WipeRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The control API's port backed by the daemon core: admissions go to {@link
 * io.xenia.hostdaemon.admission.Admission} (whose store claim is the atomic step: of racing brokers
 * exactly one wins), sessions to the provisioner through {@link HostDaemon}, events from the store.
 * Sessions are found by scanning the machine records (one per machine, a handful per host).
 */
public final class CoreHostControl implements HostControl {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HostDaemon daemon;
  private final EventLog events = new EventLog(4096, java.time.Clock.systemUTC());

  /** Registers itself as a store listener for the event stream. */
  public CoreHostControl(HostDaemon daemon) {
    this.daemon = requireNonNull(daemon, "daemon is null");
    daemon.store().addListener(events);
  }

  @Override
  public AdmissionDecision admit(AdmissionRequest request) {
    Agreement p = request.proposal();
    String hostId = daemon.hostKey().publicKey().fingerprint();
    if (!p.hostId().equals(hostId)) {
      return new AdmissionDecision.Refused(
          "invalid-proposal", "the proposal names host " + p.hostId() + ", this is " + hostId);
    }
    Optional<Duration> duration =
        p.end() instanceof LeaseEnd.Fixed fixed
            ? Optional.of(Duration.between(p.notBefore(), fixed.notAfter()))
            : Optional.empty();
    if (request.imageKind().isPresent()) {
      String driver =
          daemon.inventory().machine(p.machineId()).map(m -> m.spec().driver()).orElse("");
      Optional<String> why =
          driver.isEmpty()
              ? Optional.empty() // an unknown machine is refused below, as always
              : ImageKinds.refusal(driver, request.imageKind().get());
      if (why.isPresent()) {
        return new AdmissionDecision.Refused("image-kind-unsupported", why.get());
      }
    }
    daemon
        .audit()
        .record(
            "admission-requested",
            p.machineId(),
            Map.of(
                "session", p.sessionId(),
                "caller", request.caller().subject(),
                "serial", request.caller().serial().toString()));
    var decision =
        daemon
            .admission()
            .admit(
                new io.xenia.hostdaemon.admission.AdmissionRequest(
                    p.machineId(),
                    p.resources(),
                    p.prices().perHour(),
                    duration,
                    p.customerAccountId(),
                    p.customerPublicKey(),
                    p.sessionId(),
                    p.purchaseOrderId(),
                    p.termsVersion()));
    if (decision instanceof Admitted admitted) {
      return new AdmissionDecision.Admitted(admitted.envelope());
    }
    Refused refused = (Refused) decision;
    return new AdmissionDecision.Refused(
        RefusalCodes.apiCode(refused.reason()),
        refused.detail() + " (" + refused.reason().code() + ")");
  }

  @Override
  public SessionStatus provision(ControlCaller caller, String sessionId, ProvisionRequest request) {
    MachineRecord r = serving(sessionId);
    Optional<ImageRef> image = image(r, request);
    List<String> keys = furtherKeys(request);
    try {
      return status(daemon.provision(r.machineId(), sessionId, image, keys));
    } catch (IllegalStateException e) {
      throw new HostControlException(HostControlException.Kind.CONFLICT, e.getMessage());
    }
  }

  /**
   * The request's further SSH keys, each checked to be one OpenSSH public key line that cannot
   * smuggle authorized_keys options or more lines: {@code <type> <base64> [comment]}.
   */
  private static List<String> furtherKeys(ProvisionRequest request) {
    List<String> keys = request.furtherSshKeys();
    if (keys.size() > ProvisionRequest.MAX_SSH_KEYS) {
      throw new HostControlException(
          HostControlException.Kind.INVALID,
          "invalid-request",
          "at most " + ProvisionRequest.MAX_SSH_KEYS + " sshPublicKeys");
    }
    for (String k : keys) {
      if (k == null || !FURTHER_KEY.matcher(k).matches()) {
        throw new HostControlException(
            HostControlException.Kind.INVALID,
            "invalid-request",
            "each of sshPublicKeys must be one line: <key type> <base64 key> [comment]");
      }
    }
    return keys;
  }

  private static final java.util.regex.Pattern FURTHER_KEY =
      java.util.regex.Pattern.compile(
          "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\\.com"
              + "|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,3}( [\\x20-\\x7e]{0,256})?");

  @Override
  public SessionStatus modify(ControlCaller caller, String sessionId, ModifyRequest request) {
    MachineRecord r = serving(sessionId);
    if (request.leaseEnd() == null && request.cpus() == null && request.memoryMib() == null) {
      return status(r);
    }
    Optional<Instant> leaseEnd;
    try {
      leaseEnd = Optional.ofNullable(request.leaseEnd()).map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw new HostControlException(
          HostControlException.Kind.INVALID,
          "invalid-request",
          "leaseEnd must be an ISO-8601 instant like 2026-12-01T10:00:00Z, not "
              + request.leaseEnd());
    }
    daemon
        .audit()
        .record(
            "modify-requested",
            r.machineId(),
            Map.of(
                "session", sessionId,
                "caller", caller.subject(),
                "serial", caller.serial().toString()));
    ModificationDecision decision;
    try {
      decision =
          daemon.modify(
              r.machineId(),
              sessionId,
              new SessionChange(
                  leaseEnd,
                  Optional.ofNullable(request.cpus()),
                  Optional.ofNullable(request.memoryMib())));
    } catch (IllegalStateException e) {
      throw new HostControlException(HostControlException.Kind.UNAVAILABLE, e.getMessage());
    }
    if (decision instanceof ModificationDecision.Modified modified) {
      return status(modified.machine());
    }
    ModificationDecision.Refused refused = (ModificationDecision.Refused) decision;
    HostControlException.Kind kind =
        refused.reason() == ModificationRefusal.INVALID_REQUEST
            ? HostControlException.Kind.INVALID
            : HostControlException.Kind.REFUSED;
    throw new HostControlException(kind, refused.reason().code(), refused.detail());
  }

  @Override
  public SessionStatus terminate(ControlCaller caller, String sessionId, String reason) {
    Optional<MachineRecord> r = find(sessionId);
    if (r.isEmpty()) {
      Optional<MachineRecord> wiped = wipedFor(sessionId);
      if (wiped.isPresent()) {
        return released(wiped.get(), sessionId); // idempotent after the wipe
      }
      throw notFound(sessionId);
    }
    String why = reason == null || reason.isBlank() ? "terminated by " + caller.subject() : reason;
    try {
      MachineRecord after = daemon.terminate(r.get().machineId(), sessionId, why);
      return after.serves(sessionId) ? status(after) : released(after, sessionId);
    } catch (IllegalStateException e) {
      throw new HostControlException(HostControlException.Kind.CONFLICT, e.getMessage());
    }
  }

  @Override
  public SessionStatus pause(ControlCaller caller, String sessionId, boolean paused) {
    MachineRecord r = serving(sessionId);
    daemon
        .audit()
        .record(
            paused ? "pause-requested" : "resume-requested",
            r.machineId(),
            Map.of(
                "session", sessionId,
                "caller", caller.subject(),
                "serial", caller.serial().toString()));
    try {
      return status(daemon.pause(r.machineId(), sessionId, paused));
    } catch (io.xenia.hostdaemon.session.SessionPauser.Refused e) {
      throw new HostControlException(
          e.conflict() ? HostControlException.Kind.CONFLICT : HostControlException.Kind.REFUSED,
          e.reason(),
          e.getMessage());
    } catch (IllegalStateException e) {
      throw new HostControlException(HostControlException.Kind.UNAVAILABLE, e.getMessage());
    }
  }

  @Override
  public Optional<SessionStatus> status(ControlCaller caller, String sessionId) {
    Optional<MachineRecord> r = find(sessionId);
    if (r.isPresent()) {
      return Optional.of(status(r.get()));
    }
    return wipedFor(sessionId).map(w -> released(w, sessionId));
  }

  @Override
  public HostStatusReport hostStatus() {
    Map<String, String> machines = new TreeMap<>();
    int ready = 0;
    for (MachineRecord r : daemon.store().all()) {
      if (daemon.inventory().machine(r.machineId()).isEmpty()) {
        continue; // no longer managed (removed from the inventory); its file stays
      }
      machines.put(r.machineId(), r.state().wireName());
      ready += r.state() == MachineState.READY ? 1 : 0;
    }
    return new HostStatusReport(
        daemon.hostKey().publicKey().fingerprint(), machines.size(), ready, machines);
  }

  @Override
  public EventSubscription subscribe(long afterSequence, Consumer<LifecycleEvent> listener) {
    return events.subscribe(afterSequence, listener);
  }

  private Optional<ImageRef> image(MachineRecord r, ProvisionRequest request) {
    if (request.image() != null) {
      if (request.imageUrl() != null || request.imageSha256() != null) {
        throw new HostControlException(
            HostControlException.Kind.INVALID, "give image, or imageUrl and imageSha256, not both");
      }
      return Optional.of(registered(r, request.image()));
    }
    if (request.imageUrl() == null && request.imageSha256() == null) {
      return Optional.empty();
    }
    if (request.imageUrl() == null || request.imageSha256() == null) {
      throw new HostControlException(
          HostControlException.Kind.INVALID, "imageUrl and imageSha256 go together");
    }
    String driver =
        daemon.inventory().machine(r.machineId()).map(m -> m.spec().driver()).orElse("");
    // The API names one file; what it is follows from the machine's driver.
    BootImage.Kind kind =
        driver.equals("netns") ? BootImage.Kind.ROOTFS_TAR : BootImage.Kind.DISK_RAW;
    try {
      return Optional.of(ImageRef.of(request.imageSha256(), URI.create(request.imageUrl()), kind));
    } catch (IllegalArgumentException e) {
      throw new HostControlException(HostControlException.Kind.INVALID, e.getMessage());
    }
  }

  /** A registered image by digest, checked against what the machine's driver can boot. */
  private ImageRef registered(MachineRecord r, ProvisionRequest.Image image) {
    String driver =
        daemon.inventory().machine(r.machineId()).map(m -> m.spec().driver()).orElse("");
    String kind = image.kind() == null ? "" : image.kind();
    java.util.Map<String, String> parts =
        image.parts() == null ? java.util.Map.of() : image.parts();
    Optional<String> refusal = ImageKinds.refusal(driver, kind);
    if (refusal.isPresent()) {
      throw new HostControlException(
          HostControlException.Kind.INVALID, "image-kind-unsupported", refusal.get());
    }
    try {
      String main =
          switch (kind) {
            case ImageKinds.KERNEL_INITRD -> parts.get("kernel");
            case ImageKinds.DISK -> parts.get("disk");
            default -> parts.get("rootfs");
          };
      if (main == null) {
        throw new IllegalArgumentException("a " + kind + " image needs its parts' digests");
      }
      Optional<ImageRef> initrd = Optional.empty();
      if (kind.equals(ImageKinds.KERNEL_INITRD)) {
        String sha = parts.get("initrd");
        if (sha == null) {
          throw new IllegalArgumentException("a kernel-initrd image needs an initrd digest");
        }
        initrd =
            Optional.of(ImageRef.byDigest(sha, BootImage.Kind.KERNEL_INITRD, Optional.empty()));
      }
      return ImageRef.byDigest(main, ImageKinds.bootKind(kind), initrd);
    } catch (IllegalArgumentException e) {
      throw new HostControlException(HostControlException.Kind.INVALID, e.getMessage());
    }
  }

  private MachineRecord serving(String sessionId) {
    return find(sessionId).orElseThrow(() -> notFound(sessionId));
  }

  private Optional<MachineRecord> find(String sessionId) {
    return daemon.store().all().stream().filter(r -> r.serves(sessionId)).findFirst();
  }

  private Optional<MachineRecord> wipedFor(String sessionId) {
    return daemon.store().all().stream()
        .filter(
            r ->
                r.lastWipe().isPresent()
                    && WipeRecord.open(r.lastWipe().get()).record().sessionId().equals(sessionId))
        .findFirst();
  }

  private static HostControlException notFound(String sessionId) {
    return new HostControlException(
        HostControlException.Kind.NOT_FOUND, "no session " + sessionId + " on this host");
  }

  private SessionStatus status(MachineRecord r) {
    // A paused session's machine is running as far as its lifecycle goes; callers see "paused".
    boolean paused =
        r.state() == MachineState.RUNNING && daemon.reconciler().isPaused(r.machineId());
    return new SessionStatus(
        r.session().map(s -> s.sessionId()).orElse(null),
        r.machineId(),
        paused ? "paused" : r.state().wireName(),
        r.reason().orElse(null),
        r.endpoint().map(e -> e.host()).orElse(null),
        r.endpoint().map(e -> e.port()).orElse(null),
        r.since().toString(),
        r.session().map(s -> s.agreementId()).orElse(null),
        r.session().flatMap(s -> s.agreement()).map(CoreHostControl::json).orElse(null));
  }

  private static JsonNode json(SignedEnvelope envelope) {
    try {
      return JSON.readTree(envelope.toJson());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // our own canonical JSON: cannot happen
    }
  }

  private static SessionStatus released(MachineRecord r, String sessionId) {
    return new SessionStatus(
        sessionId, r.machineId(), "released", "wiped", null, null, r.since().toString());
  }
}
