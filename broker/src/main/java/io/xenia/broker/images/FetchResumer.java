package io.xenia.broker.images;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.xenia.broker.persistence.Database;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * At start-up, restarts the URL fetches a stopped broker left unfinished (images still {@code
 * fetching}); the fetch re-downloads the parts not yet verified. The image service (and its store
 * directory) is only touched when there is such an image.
 */
@Singleton
final class FetchResumer {
  private final Database database;
  private final BeanProvider<ImageService> images;

  FetchResumer(Database database, BeanProvider<ImageService> images) {
    this.database = database;
    this.images = images;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    List<UUID> unfinished =
        database
            .read(
                session ->
                    session
                        .createSelectionQuery(
                            "select id from ImageEntity where status = 'fetching' order by id",
                            UUID.class)
                        .getResultList())
            .join();
    if (!unfinished.isEmpty()) {
      images.get().resumeFetches(unfinished);
    }
  }
}
