package io.xenia.billing.reports;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * Finance reports' settings ({@code xenia.billing.reports}).
 *
 * @param topic where closed periods' reports are published
 * @param publishEnabled whether this instance runs the relay that publishes them
 * @param relayInterval how often the relay looks for reports to send
 * @param deliveryTimeout how long one send may take before it is retried on a later pass
 * @param top how many customers and hosts a report's top lists hold, per currency
 * @param platformName the marketplace's name in exports (FOCUS ProviderName, InvoiceIssuerName)
 */
@ConfigurationProperties("xenia.billing.reports")
public record ReportsConfig(
    @Bindable(defaultValue = "billing.reports.v1") @NotBlank String topic,
    @Bindable(defaultValue = "true") boolean publishEnabled,
    @Bindable(defaultValue = "5s") Duration relayInterval,
    @Bindable(defaultValue = "30s") Duration deliveryTimeout,
    @Bindable(defaultValue = "10") @Min(1) @Max(1000) int top,
    @Bindable(defaultValue = "Xenia") @NotBlank String platformName) {}
