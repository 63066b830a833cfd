package io.logpulse.event;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IpAddressTest {

    @Test
    public void ipv4IsKeptAsDottedQuad() {
        assertEquals("154.85.126.16", IpAddress.canonical("154.85.126.16"));
        assertEquals("0.0.0.0", IpAddress.canonical("0.0.0.0"));
        assertEquals("255.255.255.255", IpAddress.canonical("255.255.255.255"));
    }

    @Test
    public void invalidIpv4() {
        for (String bad : new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.4 ", ""}) {
            assertNull(bad, IpAddress.canonical(bad));
        }
        assertNull(IpAddress.canonical(null));
    }

    @Test
    public void ipv6FollowsRfc5952() {
        assertEquals("2001:db8::1", IpAddress.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"));
        assertEquals("2001:db8::1", IpAddress.canonical("2001:db8::0:1"));
        assertEquals("::1", IpAddress.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("::", IpAddress.canonical("::"));
        assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.canonical("2001:db8::1:1:1:1:1"));
        assertEquals("2001:db8::1:0:0:1", IpAddress.canonical("2001:db8:0:0:1:0:0:1"));
        assertEquals("fe80::", IpAddress.canonical("fe80:0:0:0:0:0:0:0"));
    }

    @Test
    public void ipv4MappedBecomesIpv4() {
        assertEquals("192.0.2.1", IpAddress.canonical("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", IpAddress.canonical("::FFFF:c000:0201"));
        assertEquals("64:ff9b::c000:201", IpAddress.canonical("64:ff9b::192.0.2.1"));
    }

    @Test
    public void invalidIpv6() {
        for (String bad : new String[] {"1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", ":1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7", "1.2.3.4::", "::1.2.3", "fe80::1%eth0", "[::1]", "1:2:3:4:5:6:7:8::"}) {
            assertFalse(bad, IpAddress.isValid(bad));
        }
        assertTrue(IpAddress.isValid("1:2:3:4:5:6:7::"));
    }
}
