package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.records.Agreement;

/**
 * A broker's request to lease a machine: the agreement it proposes (machine, resources, prices,
 * lease term, customer account and key), which the host signs if it admits it, and the kind of the
 * registered image the session will boot, if any (a machine whose driver cannot boot it refuses at
 * once, so the broker asks the next candidate).
 */
public record AdmissionRequest(
    ControlCaller caller, Agreement proposal, java.util.Optional<String> imageKind) {
  public AdmissionRequest {
    requireNonNull(caller, "caller is null");
    requireNonNull(proposal, "proposal is null");
    requireNonNull(imageKind, "imageKind is null");
  }

  public AdmissionRequest(ControlCaller caller, Agreement proposal) {
    this(caller, proposal, java.util.Optional.empty());
  }
}
