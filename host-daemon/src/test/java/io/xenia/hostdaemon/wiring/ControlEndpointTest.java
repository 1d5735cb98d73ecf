package io.xenia.hostdaemon.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The control endpoint a heartbeat names: the bound address, never a wildcard. */
class ControlEndpointTest {
  @Test
  void namesTheBoundAddressWithItsPortAndBracketsIpv6() {
    assertEquals(
        Optional.of("127.0.0.1:7443"),
        EnrolledServices.controlEndpoint(new InetSocketAddress("127.0.0.1", 7443)));
    assertEquals(
        Optional.of("[0:0:0:0:0:0:0:1]:9000"),
        EnrolledServices.controlEndpoint(new InetSocketAddress("::1", 9000)));
  }

  @Test
  void aWildcardBindNamesNoEndpoint() {
    assertEquals(
        Optional.empty(), EnrolledServices.controlEndpoint(new InetSocketAddress("0.0.0.0", 7443)));
  }
}
