package io.xenia.hostdaemon.reload;

import static java.util.Objects.requireNonNull;

import io.xenia.hostdaemon.audit.Audit;
import io.xenia.hostdaemon.enroll.HostIdentity;
import io.xenia.hostdaemon.enroll.IdentityFiles;
import io.xenia.hostdaemon.wiring.EnrolledServices;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a rotated identity ({@code host-daemon enroll --rotate}) into service without a restart.
 * When the identity files change, they are loaded and checked ({@link IdentityCheck}); a refused
 * set is logged and audited ({@code identity-reload-refused}) and the running identity stays; an
 * accepted one is switched in ({@link EnrolledServices#identityChanged}) and audited ({@code
 * identity-reloaded} with the old and new certificate serials).
 *
 * <p>One caller at a time ({@link ReloadLoop}'s thread).
 */
public final class IdentityReloader {
  private final IdentityFiles files;
  private final EnrolledServices services;
  private final Audit audit;
  private final Clock clock;
  private String digest;

  public IdentityReloader(
      IdentityFiles files, EnrolledServices services, Audit audit, Clock clock) {
    this.files = requireNonNull(files, "files is null");
    this.services = requireNonNull(services, "services is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    // Unknown: the first poll reads the files once more, so a rotation that landed while the
    // daemon was starting (after the identity was loaded) is not missed.
    this.digest = "";
  }

  /** What one reload did: what was switched (empty: nothing changed), or why it was refused. */
  public record Outcome(List<String> switched, Optional<String> refusal) {}

  private String digest() {
    return FileDigest.of(
        List.of(files.tls(), files.ca(), files.membership(), files.hostKey(), files.enrollment()));
  }

  /** Reloads if an identity file's content changed since the last look. */
  public Optional<Outcome> poll() {
    String now = digest();
    if (now.equals(digest)) {
      return Optional.empty();
    }
    return Optional.of(reload());
  }

  /** Loads, checks and switches to the identity on disk now (SIGHUP, or a change seen). */
  public Outcome reload() {
    digest = digest();
    HostIdentity running = services.identity();
    HostIdentity candidate;
    try {
      candidate = files.load();
    } catch (RuntimeException e) {
      return refused(running, "cannot read the identity files: " + e.getMessage());
    }
    List<String> problems =
        IdentityCheck.problems(
            running,
            candidate,
            services.membershipCa(),
            services.revocations()::isRevoked,
            clock.instant());
    if (!problems.isEmpty()) {
      return refused(running, String.join("; ", problems));
    }
    if (!candidate.caCertificates().equals(running.caCertificates())) {
      System.err.println(
          "host-daemon: "
              + files.ca()
              + " changed: the control API keeps trusting the host CAs it started with until a"
              + " restart");
    }
    List<String> switched;
    try {
      switched = services.identityChanged(candidate);
    } catch (Exception e) {
      return refused(running, "switching failed: " + e);
    }
    if (switched.isEmpty()) {
      return new Outcome(switched, Optional.empty());
    }
    Map<String, String> details = new LinkedHashMap<>();
    details.put("switched", String.join(", ", switched));
    details.put("oldSerial", running.tlsCertificate().getSerialNumber().toString(16));
    details.put("newSerial", candidate.tlsCertificate().getSerialNumber().toString(16));
    details.put("notAfter", candidate.tlsCertificate().getNotAfter().toInstant().toString());
    audit.record("identity-reloaded", "", details);
    System.err.println("host-daemon: identity reloaded from " + files.directory() + ": " + details);
    return new Outcome(switched, Optional.empty());
  }

  private Outcome refused(HostIdentity running, String why) {
    System.err.println(
        "host-daemon: identity reload refused, still serving certificate serial "
            + running.tlsCertificate().getSerialNumber().toString(16)
            + ": "
            + why);
    audit.record(
        "identity-reload-refused",
        "",
        Map.of(
            "error",
            why,
            "servingSerial",
            running.tlsCertificate().getSerialNumber().toString(16)));
    return new Outcome(List.of(), Optional.of(why));
  }
}
