package io.xenia.hostdaemon.reconcile;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.daemon.Drivers;
import io.xenia.hostdaemon.driver.BootImage;
import io.xenia.hostdaemon.driver.Deployment;
import io.xenia.hostdaemon.driver.DriverException;
import io.xenia.hostdaemon.driver.Endpoint;
import io.xenia.hostdaemon.driver.MachineSpec;
import io.xenia.hostdaemon.driver.WipeReport;
import io.xenia.hostdaemon.images.ImageException;
import io.xenia.hostdaemon.images.ImageRef;
import io.xenia.hostdaemon.images.ImageSource;
import io.xenia.hostdaemon.machine.MachineRecord;
import io.xenia.hostdaemon.machine.MachineState;
import io.xenia.hostdaemon.machine.Session;
import io.xenia.hostdaemon.store.MachineStore;
import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.records.WipeRecord;
import io.xenia.protocol.signing.SignedEnvelope;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives a session through the machine: {@code claimed → provisioning → running} (driver deploy)
 * and {@code releasing → ready} (driver wipe, producing the signed {@link WipeRecord}).
 *
 * <p>Two kinds of methods. {@link #startProvisioning} and {@link #release} are the control API's
 * entry points: they only record the desired state (a compare-and-set in the store) and return at
 * once; the {@link Reconciler} then performs the work. {@link #deploy} and {@link #wipe} are the
 * steps the reconciler runs: each is persisted before (the state that names the step is already
 * durable, and a {@code deploy-started}/{@code wipe-started} audit entry is appended) and after
 * (the next state), and each is idempotent, so after a crash the reconciler simply runs the step
 * again.
 *
 * <p>Thread-safe; the reconciler never runs two steps for one machine at once.
 */
public final class Provisioner {
  private final MachineStore store;
  private final Drivers drivers;
  private final ImageSource images;
  private final Ed25519KeyPair hostKey;
  private final Clock clock;
  private final Audit audit;

  public Provisioner(
      MachineStore store,
      Drivers drivers,
      ImageSource images,
      Ed25519KeyPair hostKey,
      Clock clock,
      Audit audit) {
    this.store = requireNonNull(store, "store is null");
    this.drivers = requireNonNull(drivers, "drivers is null");
    this.images = requireNonNull(images, "images is null");
    this.hostKey = requireNonNull(hostKey, "hostKey is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.audit = requireNonNull(audit, "audit is null");
  }

  /**
   * Records that the claimed machine should run the session with this image and these extra SSH
   * keys ({@code claimed → provisioning}). Repeating the call for a session already provisioning or
   * running returns its record unchanged — if it names the same image: a repeat naming another one
   * (e.g. a broker that lost the image it asked for) is refused, not silently ignored.
   *
   * @throws IllegalStateException if the machine does not hold that session, is not claimed, or
   *     already provisions it with another image
   */
  public MachineRecord startProvisioning(
      String machineId, String sessionId, Optional<ImageRef> image, List<String> extraSshKeys) {
    MachineRecord r = store.require(machineId);
    requireSession(r, sessionId);
    if (r.state() == MachineState.PROVISIONING || r.state() == MachineState.RUNNING) {
      Optional<ImageRef> had = r.requireSession().image();
      if (!had.map(ImageRef::sha256).equals(image.map(ImageRef::sha256))) {
        throw new IllegalStateException(
            "session "
                + sessionId
                + " is already "
                + r.state().wireName()
                + " with image "
                + had.map(ImageRef::sha256).orElse("default")
                + ", not "
                + image.map(ImageRef::sha256).orElse("default"));
      }
      return r;
    }
    if (r.state() != MachineState.CLAIMED) {
      throw new IllegalStateException(
          "machine " + machineId + " is " + r.state().wireName() + ", not claimed");
    }
    Session s = r.requireSession();
    List<String> keys = new java.util.ArrayList<>(s.sshPublicKeys());
    extraSshKeys.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
    MachineRecord desired = r.withSession(Optional.of(s.withDeployment(image, keys)));
    return store.compareAndSet(
        r, desired.moveTo(MachineState.PROVISIONING, Optional.empty(), clock.instant()));
  }

  /**
   * Records that the session ends and the machine must be wiped ({@code → releasing}). Repeating
   * the call while releasing returns the record unchanged; once the machine is wiped and the
   * session gone, it returns the ready record (whose {@code lastWipe} is this session's).
   *
   * @throws IllegalStateException if the machine serves another session
   */
  public MachineRecord release(String machineId, String sessionId, String why) {
    MachineRecord r = store.require(machineId);
    if (!r.serves(sessionId)) {
      boolean wiped =
          r.lastWipe().isPresent()
              && WipeRecord.open(r.lastWipe().get()).record().sessionId().equals(sessionId);
      if (wiped) {
        return r;
      }
      throw new IllegalStateException("machine " + machineId + " does not serve " + sessionId);
    }
    if (r.state() == MachineState.RELEASING) {
      return r;
    }
    return store.transition(r, MachineState.RELEASING, Optional.of(why));
  }

  /**
   * The deploy step: puts the session's deployment on the machine and records it running.
   *
   * @param r the machine's current record, {@code provisioning}
   * @return the {@code running} record
   * @throws DriverException if the driver or the image fetch failed (the record is unchanged)
   */
  public MachineRecord deploy(MachineRecord r, MachineSpec spec) throws DriverException {
    if (r.state() != MachineState.PROVISIONING) {
      throw new IllegalStateException("deploy needs a provisioning machine, not " + r.state());
    }
    Session s = r.requireSession();
    audit.record("deploy-started", r.machineId(), Map.of("session", s.sessionId()));
    Optional<BootImage> image = Optional.empty();
    if (s.image().isPresent()) {
      image = Optional.of(fetch(s.image().get()));
      Map<String, String> facts = new java.util.TreeMap<>(images.counters());
      facts.put("session", s.sessionId());
      facts.put("sha256", image.get().sha256());
      audit.record("image-ready", r.machineId(), facts);
    }
    Deployment deployment =
        new Deployment(s.sessionId(), image, s.sshPublicKeys(), s.limits(), spec.id());
    Endpoint endpoint = drivers.forMachine(spec).deploy(spec, deployment);
    MachineRecord running =
        r.moveTo(MachineState.RUNNING, Optional.empty(), clock.instant())
            .withEndpoint(Optional.of(endpoint));
    return store.compareAndSet(r, running);
  }

  /**
   * The wipe step: erases the machine, signs the wipe record and records the machine ready.
   *
   * @param r the machine's current record, {@code releasing}
   * @return the {@code ready} record, whose {@code lastWipe} is the signed wipe record
   * @throws DriverException if the driver failed (the record is unchanged)
   */
  public MachineRecord wipe(MachineRecord r, MachineSpec spec) throws DriverException {
    if (r.state() != MachineState.RELEASING) {
      throw new IllegalStateException("wipe needs a releasing machine, not " + r.state());
    }
    Session s = r.requireSession();
    audit.record("wipe-started", r.machineId(), Map.of("session", s.sessionId()));
    WipeReport report = drivers.forMachine(spec).wipe(spec);
    WipeRecord record;
    try {
      record =
          new WipeRecord(
              WipeRecord.VERSION,
              s.agreementId(),
              s.sessionId(),
              hostKey.publicKey().fingerprint(),
              r.machineId(),
              report.method(),
              report.bytesErased(),
              report.completedAt());
    } catch (IllegalArgumentException e) {
      throw new DriverException(
          DriverException.Kind.FAILED, "the driver's wipe report is invalid: " + e.getMessage(), e);
    }
    SignedEnvelope signed = SignedEnvelope.sign(WipeRecord.TYPE, record, hostKey);
    MachineRecord ready =
        r.moveTo(MachineState.READY, Optional.empty(), clock.instant())
            .withLastWipe(Optional.of(signed));
    return store.compareAndSet(r, ready);
  }

  private BootImage fetch(ImageRef ref) throws DriverException {
    try {
      return images.resolve(ref);
    } catch (ImageException e) {
      DriverException.Kind kind =
          e.kind() == ImageException.Kind.UNREACHABLE || e.kind() == ImageException.Kind.IO
              ? DriverException.Kind.UNREACHABLE
              : DriverException.Kind.FAILED;
      throw new DriverException(kind, "image " + ref.sha256() + ": " + e.getMessage(), e);
    }
  }

  private static void requireSession(MachineRecord r, String sessionId) {
    if (!r.serves(sessionId)) {
      throw new IllegalStateException(
          "machine " + r.machineId() + " does not serve session " + sessionId);
    }
  }
}
