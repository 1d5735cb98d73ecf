package io.xenia.dht.query;

/**
 * {@code near=<hostId>}: rank offers by estimated round-trip time to that host, closest first. A
 * ranking, not a filter; with several, the first one written ranks.
 */
public record Near(String hostId) implements ProximityTerm {
  /** Checks the host id. */
  public Near {
    ProximityTerm.checkHostId(hostId);
  }

  @Override
  public String toString() {
    return "near=" + hostId;
  }
}
