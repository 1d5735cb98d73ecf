package io.xenia.dht.index;

import io.xenia.dht.vivaldi.Coordinate;
import io.xenia.protocol.signing.SignedEnvelope;
import java.nio.ByteBuffer;

/**
 * The value of a bucket entry: the publishing host's Vivaldi coordinate when it published (so
 * proximity is judged without contacting the host) and the host-signed advertisement envelope (so a
 * bucket read yields candidates that can be verified and filtered exactly with no second fetch).
 *
 * <p>Layout: version byte 1, six big-endian doubles (four vector components, height, error), then
 * the envelope's canonical JSON to the end. A coordinate-only record (a host's coordinate entry)
 * has no JSON.
 */
record IndexRecord(Coordinate coordinate, byte[] envelopeJson) {
  private static final byte VERSION = 1;
  private static final int HEADER = 1 + 6 * 8;

  byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(HEADER + envelopeJson.length);
    out.put(VERSION);
    for (double v : coordinate.vector()) {
      out.putDouble(v);
    }
    out.putDouble(coordinate.height()).putDouble(coordinate.error());
    return out.put(envelopeJson).array();
  }

  /**
   * Decodes the layout; the envelope is not verified here.
   *
   * @throws IllegalArgumentException if the bytes are not a record of this version
   */
  static IndexRecord decode(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != VERSION) {
      throw new IllegalArgumentException("not a version-1 index record");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    double[] vector = new double[Coordinate.DIMENSIONS];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = in.getDouble();
    }
    Coordinate coordinate = new Coordinate(vector, in.getDouble(), in.getDouble());
    byte[] json = new byte[in.remaining()];
    in.get(json);
    return new IndexRecord(coordinate, json);
  }

  /** The envelope, parsed but not verified. */
  SignedEnvelope envelope() {
    return SignedEnvelope.fromJson(envelopeJson);
  }
}
