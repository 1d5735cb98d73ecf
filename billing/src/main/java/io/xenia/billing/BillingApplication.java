package io.xenia.billing;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Starts billing: the usage consumer (usage.v1 → rated charges in the ledger) and the REST API of
 * invoices, payouts, disputes and finance reports. docs/billing.md.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Xenia billing",
            version = "v1",
            description =
                "Invoices, host payouts, disputes and credit notes, billing periods and finance"
                    + " reports of the Xenia marketplace. Authenticated with the broker's API keys."
                    + " Errors are RFC 9457 problem+json documents with a stable `type`.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(
    name = "apiKey",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "A broker API key token (`xk_...`) sent as `Authorization: Bearer <token>`.")
public final class BillingApplication {
  private BillingApplication() {}

  public static void main(String[] args) {
    Micronaut.run(BillingApplication.class, args);
  }
}
