package io.xenia.hostdaemon.audit;

import java.util.Map;

/**
 * Where the daemon records what it does. {@link AuditLog} is the durable one; tests of pure code
 * may pass {@link #NONE}.
 */
public interface Audit {
  /** Records one action; returns once it is durable. */
  void record(String action, String machine, Map<String, String> details);

  /** Records nothing. */
  Audit NONE = (action, machine, details) -> {};
}
