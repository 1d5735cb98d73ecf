package io.xenia.protocol.vectors;

import io.xenia.protocol.crypto.Ed25519KeyPair;
import io.xenia.protocol.encoding.CanonicalValue;
import java.util.List;
import java.util.Optional;

/**
 * One test vector: a value, the type name it is signed under, and the keys that sign it.
 *
 * @param name file name without {@code .json}
 * @param description what the vector exercises
 * @param recordType the type name in the signing input
 * @param input optionally, a non-canonical JSON text of the same value, to exercise parsers
 * @param value the record or value
 * @param signers the keys that sign it, from fixed seeds
 */
record Vector(
    String name,
    String description,
    String recordType,
    Optional<String> input,
    CanonicalValue value,
    List<Ed25519KeyPair> signers) {}
