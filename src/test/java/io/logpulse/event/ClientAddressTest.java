package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class ClientAddressTest {

    @Test
    public void anIpLiteralIsCanonical() throws LineRejected {
        assertEquals("2001:db8::1", ClientAddress.canonical("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("123.45.67.89", ClientAddress.canonical("::ffff:7b2d:4359"));
    }

    @Test
    public void aHostNameOrAUnixSocketIsTheClientAsWritten() throws LineRejected {
        assertEquals("monitor-1.example.com", ClientAddress.canonical("Monitor-1.Example.com"));
        assertEquals("localhost", ClientAddress.canonical("localhost"));
        assertEquals("unix:", ClientAddress.canonical("unix:"));
    }

    @Test
    public void anythingElseIsABadAddress() {
        for (String bad : new String[] {"-", "1.2.3.256", "10.0.0", "a..b", "-x.example", "x:y", "a b", "unix:/run/x", "x".repeat(254)}) {
            try {
                ClientAddress.canonical(bad);
                fail("expected '" + bad + "' to be refused");
            } catch (LineRejected e) {
                assertEquals(Reject.BAD_IP, e.reason());
            }
        }
    }

    @Test
    public void theForwardedClientIsTheFirstPublicAddressOfTheList() {
        assertEquals("198.51.100.4", ClientAddress.firstPublic("10.0.0.2, 198.51.100.4, 192.0.2.1"));
        assertEquals("2a02:cf40::1", ClientAddress.firstPublic("fd00::5,unknown, 2A02:CF40::1"));
        assertNull(ClientAddress.firstPublic("10.0.0.2, 192.168.1.1, 127.0.0.1, 172.20.0.1, 100.64.0.1, fe80::1, ::1"));
        assertNull(ClientAddress.firstPublic(null));
    }

    @Test
    public void publicAddressesAreThoseRoutedOnTheInternet() {
        assertTrue(IpAddress.isPublic("81.2.69.143"));
        assertTrue(IpAddress.isPublic("172.32.0.1"));
        assertFalse(IpAddress.isPublic("172.31.255.255"));
        assertFalse(IpAddress.isPublic("169.254.1.1"));
        assertFalse(IpAddress.isPublic("239.1.1.1"));
        assertFalse(IpAddress.isPublic("::"));
    }
}
