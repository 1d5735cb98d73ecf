package io.xenia.hostdaemon.heartbeat;

/** What a heartbeat reports of the host's machines; the daemon core supplies it. */
public interface MachineCounts {
  int total();

  int ready();
}
