package io.xenia.broker;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** Starts the broker: the marketplace's REST API. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Xenia broker",
            version = "v1",
            description =
                "Lease whole physical machines: accounts, credentials, funds, purchase orders and the"
                    + " ledger. Errors are RFC 9457 problem+json documents with a stable `type`.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(
    name = "apiKey",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "An API key token (`xk_...`) sent as `Authorization: Bearer <token>`.")
public final class BrokerApplication {
  private BrokerApplication() {}

  public static void main(String[] args) {
    Micronaut.run(BrokerApplication.class, args);
  }
}
