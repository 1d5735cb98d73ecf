package io.xenia.hostdaemon.reload;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that reloads: every {@code interval} it asks each watched part whether its files
 * changed ({@code poll}), and on {@link #reloadNow} (SIGHUP) it reloads every part at once. One
 * thread, so reloads never overlap; a failure of one part is logged and does not stop the loop.
 */
public final class ReloadLoop implements AutoCloseable {
  private record Part(String name, Runnable poll, Runnable reload) {}

  private final List<Part> parts = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
          });

  private ReloadLoop() {}

  /** Starts polling every {@code interval}. */
  public static ReloadLoop start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the reload poll interval must be positive: " + interval);
    }
    ReloadLoop loop = new ReloadLoop();
    loop.thread.scheduleWithFixedDelay(
        loop::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return loop;
  }

  public ReloadLoop watch(InventoryReloader inventory) {
    requireNonNull(inventory, "inventory is null");
    parts.add(new Part("inventory", inventory::poll, inventory::reload));
    inventory.onDeferredReleased(this::pollNow);
    return this;
  }

  public ReloadLoop watch(IdentityReloader identity) {
    requireNonNull(identity, "identity is null");
    parts.add(new Part("identity", identity::poll, identity::reload));
    return this;
  }

  /** Reloads every part now, on the loop's thread (returns at once). */
  public void reloadNow() {
    thread.execute(
        () -> {
          for (Part p : parts) {
            run(p, p.reload());
          }
        });
  }

  /** Polls every part now, on the loop's thread (returns at once). */
  public void pollNow() {
    try {
      thread.execute(this::pollAll);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopping: nothing more to apply
    }
  }

  private void pollAll() {
    for (Part p : parts) {
      run(p, p.poll());
    }
  }

  private static void run(Part p, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      System.err.println("host-daemon: reloading the " + p.name() + " failed: " + e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
