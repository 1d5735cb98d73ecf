package io.xenia.billing.periods;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code xenia.billing.period}: {@code P1M} (calendar months, UTC; the default) or {@code PnD};
 * {@code .close-grace}: how long after its end a period is closed automatically (late records rated
 * before then still land in it); {@code .auto-close}: whether billing closes periods itself; {@code
 * .close-check-interval}: how often it looks.
 */
@ConfigurationProperties("xenia.billing")
public record PeriodsConfig(
    @Bindable(defaultValue = "P1M") String period,
    @Bindable(defaultValue = "PT6H") Duration closeGrace,
    @Bindable(defaultValue = "true") boolean autoClose,
    @Bindable(defaultValue = "PT1M") Duration closeCheckInterval) {}
