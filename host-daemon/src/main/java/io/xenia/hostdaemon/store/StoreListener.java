package io.xenia.hostdaemon.store;

import io.xenia.hostdaemon.machine.MachineRecord;

/**
 * Told of every record the store wrote, after it is durable: for the lifecycle event stream and for
 * re-advertising a machine when it changes. Called on the writer's thread while the machine's lock
 * is held, so calls for one machine arrive in version order; implementations must be quick and must
 * not write to the store (hand off to another thread).
 */
@FunctionalInterface
public interface StoreListener {
  /**
   * @param before the record that was replaced ({@code null} for a newly registered machine)
   * @param after the record now stored
   */
  void changed(MachineRecord before, MachineRecord after);
}
