package io.xenia.hostdaemon.api;

import static java.util.Objects.requireNonNull;

import io.xenia.protocol.records.Agreement;

/**
 * A broker's request to lease a machine: the agreement it proposes (machine, resources, prices,
 * lease term, customer account and key), which the host signs if it admits it.
 */
public record AdmissionRequest(ControlCaller caller, Agreement proposal) {
  public AdmissionRequest {
    requireNonNull(caller, "caller is null");
    requireNonNull(proposal, "proposal is null");
  }
}
