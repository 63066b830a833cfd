package io.logpulse.clean;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BlacklistTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void loadsFileIgnoringCommentsAndBlanks() throws Exception {
        Path file = folder.newFile("blacklist.txt").toPath();
        Files.writeString(file, "# scrapers\n\n154.85.126.16\n  2001:DB8:0:0:0:0:0:1  # trailing comment\n::ffff:192.0.2.7\n");
        Blacklist blacklist = Blacklist.load(file);
        assertEquals(3, blacklist.size());
        assertTrue(blacklist.contains("154.85.126.16"));
        assertTrue(blacklist.contains("2001:db8::1"));
        assertTrue(blacklist.contains("2001:0db8::0:1"));
        assertTrue(blacklist.contains("192.0.2.7"));
        assertFalse(blacklist.contains("154.85.126.17"));
        assertFalse(blacklist.contains("not an ip"));
        assertFalse(blacklist.contains(null));
    }

    @Test
    public void badEntryNamesFileAndLine() throws Exception {
        Path file = folder.newFile("bad.txt").toPath();
        Files.writeString(file, "10.0.0.1\nlocalhost\n");
        try {
            Blacklist.load(file);
            fail("expected IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("line 2") && e.getMessage().contains("localhost"));
        }
    }

    @Test
    public void ofAndEmpty() {
        assertTrue(Blacklist.of(List.of("::1")).contains("0:0:0:0:0:0:0:1"));
        assertFalse(Blacklist.empty().contains("10.0.0.1"));
    }
}
