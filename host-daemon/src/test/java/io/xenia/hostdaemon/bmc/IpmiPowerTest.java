package io.xenia.hostdaemon.bmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xenia.hostdaemon.driver.Bmc;
import io.xenia.hostdaemon.driver.DriverException.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Parsing and error classification; the protocol itself is exercised in QemuDriverIpmiTest. */
class IpmiPowerTest {
  @Test
  void noSessionIsUnreachableAndARefusalIsFailed() {
    assertEquals(
        Kind.UNREACHABLE, IpmiPower.classify("Error: Unable to establish IPMI v2 / RMCP+ session"));
    assertEquals(
        Kind.FAILED,
        IpmiPower.classify(
            "Error in open session response message : unauthorized name\n"
                + "Error: Unable to establish IPMI v2 / RMCP+ session"));
    assertEquals(
        Kind.FAILED, IpmiPower.classify("RAKP 2 HMAC is invalid\nUnable to establish IPMI v2"));
    assertEquals(Kind.FAILED, IpmiPower.classify("Invalid data field in request"));
  }

  @Test
  void addressIsHostAndOptionalPort() {
    new IpmiPower(new Bmc(Bmc.Protocol.IPMI, "10.0.0.5", "u", "p"), Duration.ofSeconds(1));
    new IpmiPower(new Bmc(Bmc.Protocol.IPMI, "127.0.0.1:9623", "u", "p"), Duration.ofSeconds(1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new IpmiPower(
                new Bmc(Bmc.Protocol.IPMI, "host:port", "u", "p"), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new IpmiPower(
                new Bmc(Bmc.Protocol.REDFISH, "http://x", "u", "p"), Duration.ofSeconds(1)));
  }
}
