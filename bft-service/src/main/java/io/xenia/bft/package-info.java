/**
 * bft-service: the BFT-SMaRt replica sidecar, the client gateway that lets unmodified clients reach
 * a replicated service, and the TEE/TPM attestation verifiers.
 *
 * <p>Built by a later issue on top of com.jd.blockchain:bft-smart; wired into the build now so that
 * its dependency direction (protocol below) is fixed.
 */
package io.xenia.bft;
