package io.xenia.dht.index;

import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.records.Advertisement;
import io.xenia.protocol.signing.SignedEnvelope;

/**
 * A verified advertisement read from a bucket, with the coordinate its host published beside it.
 * Only {@link EntryVerifier} makes these, so holding one means the checks passed.
 */
record Candidate(Advertisement ad, SignedEnvelope envelope, Coordinate coordinate) {
  String machineKey() {
    return IndexKeys.machineKey(ad.hostId(), ad.machineId());
  }
}
