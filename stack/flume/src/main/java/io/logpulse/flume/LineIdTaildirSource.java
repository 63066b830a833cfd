package io.logpulse.flume;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.FlumeException;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.source.taildir.ReliableTaildirEventReader;
import org.apache.flume.source.taildir.TailFile;
import org.apache.flume.source.taildir.TaildirSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's TAILDIR source, with an identity on every line: the file it came from and where in the file it lies.
 *
 * <p>After a crash, TAILDIR re-reads from its last saved position and the file channel replays what it had not
 * handed on, so Kafka receives some lines twice. The job drops a line whose identity it has already counted; for
 * that each event carries
 * <ul>
 *   <li>{@value #SOURCE_HEADER}: {@code <agent host>:<inode>}. The inode, not the path: nginx's rotation renames
 *       the file, and the renamed file is the same source, read on from the same position;</li>
 *   <li>{@value #LINE_HEADER}: {@code <start>-<end>}, the line's byte range in that file (end after its newline);</li>
 *   <li>{@value #SERVER_HEADER}: the agent's host name, under which lines that name no virtual host are counted;</li>
 *   <li>{@value #CUT_HEADER}: the line's length in bytes, only when it was longer than {@code maxLineBytes} and
 *       was cut to that: a line of megabytes would exceed Kafka's request size and stall the sink for ever.</li>
 * </ul>
 * The Kafka sink copies these headers into the record ({@code header.<name> = <name>}); the value stays the line.
 *
 * <p>It also sets the Kafka sink's {@value #KEY_HEADER} header, the record's key: {@code <source>/<n>}, the n-th
 * {@code keySpanBytes} (default 1 MiB, ~5,000 lines) of the file. Records of one key go to one partition, so a
 * partition gets a file's lines in runs of thousands. Without a key the two sinks, which take from the channel
 * event by event side by side, split a file over the partitions nearly line by line (runs of 2 lines measured):
 * each partition of a batch then held thousands of byte ranges of the file, and the job, finding a range list at
 * its cap, screened the batch a second time. A busy file still spreads over every partition, span by span.
 *
 * <p>TAILDIR keeps which file it is reading to itself; this reads it from the reader, once per batch of events
 * (all from one file), through reflection on Flume 1.11's private fields. A Flume without them fails at start
 * with a message saying so, not with lines lacking identities.
 */
public class LineIdTaildirSource extends TaildirSource {

    public static final String SOURCE_HEADER = "logpulse.source";
    public static final String LINE_HEADER = "logpulse.line";
    public static final String SERVER_HEADER = "logpulse.server";
    public static final String CUT_HEADER = "logpulse.cut";
    /** The Kafka sink's header for the record's key. */
    static final String KEY_HEADER = "key";
    private static final long DEFAULT_KEY_SPAN_BYTES = 1 << 20;
    /** TAILDIR's own header for a line's start offset, which this source turns on. */
    private static final String BYTE_OFFSET_HEADER = "byteoffset";
    private static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LineIdTaildirSource.class);
    private static final Field READER = field(TaildirSource.class, "reader");
    private static final Field CURRENT_FILE = field(ReliableTaildirEventReader.class, "currentFile");

    private String host;
    private int maxLineBytes;
    private long keySpanBytes;

    @Override
    public synchronized void configure(Context context) {
        context.put("byteOffsetHeader", "true");
        super.configure(context);
        host = context.getString("sourceHost", localHost());
        maxLineBytes = context.getInteger("maxLineBytes", DEFAULT_MAX_LINE_BYTES);
        if (maxLineBytes < 1024) {
            throw new FlumeException("maxLineBytes must be at least 1024, was " + maxLineBytes);
        }
        keySpanBytes = context.getLong("keySpanBytes", DEFAULT_KEY_SPAN_BYTES);
        if (keySpanBytes < 4096) {
            throw new FlumeException("keySpanBytes must be at least 4096, was " + keySpanBytes);
        }
    }

    @Override
    public synchronized void setChannelProcessor(ChannelProcessor processor) {
        super.setChannelProcessor(new Identifying(processor));
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new FlumeException("cannot tell this host's name: set the source's sourceHost", e);
        }
    }

    /** Adds the headers to each batch on its way to the channel, while the reader still points at its file. */
    private final class Identifying extends ChannelProcessor {
        private final ChannelProcessor channels;

        Identifying(ChannelProcessor channels) {
            super(channels.getSelector());
            this.channels = channels;
        }

        @Override
        public void initialize() {
            channels.initialize();
        }

        @Override
        public void close() {
            channels.close();
        }

        @Override
        public void configure(Context context) {
            channels.configure(context);
        }

        @Override
        public void processEventBatch(List<Event> events) {
            identify(events);
            channels.processEventBatch(events);
        }

        @Override
        public void processEvent(Event event) {
            identify(List.of(event));
            channels.processEvent(event);
        }
    }

    private void identify(List<Event> batch) {
        // TAILDIR hands over a LinkedList: indexed access into it made each batch quadratic in its size.
        List<Event> events = batch instanceof RandomAccess ? batch : new ArrayList<>(batch);
        TailFile file = currentFile();
        String source = host + ":" + file.getInode();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            Map<String, String> headers = event.getHeaders();
            String start = headers.get(BYTE_OFFSET_HEADER);
            // A line ends where the next begins; the batch's last ends where the reader stopped.
            String end = i + 1 < events.size() ? events.get(i + 1).getHeaders().get(BYTE_OFFSET_HEADER)
                    : Long.toString(file.getLineReadPos());
            headers.put(SOURCE_HEADER, source);
            headers.put(LINE_HEADER, start + "-" + end);
            headers.put(KEY_HEADER, source + "/" + Long.parseLong(start) / keySpanBytes);
            headers.put(SERVER_HEADER, host);
            byte[] body = event.getBody();
            if (body.length > maxLineBytes) {
                headers.put(CUT_HEADER, Integer.toString(body.length));
                event.setBody(Arrays.copyOf(body, maxLineBytes));
                LOG.warn("line at {} of {} ({}) is {} bytes: cut to {} (maxLineBytes)", start, file.getPath(),
                        source, body.length, maxLineBytes);
            }
        }
    }

    private TailFile currentFile() {
        try {
            return (TailFile) CURRENT_FILE.get(READER.get(this));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError("this Flume's " + owner.getName() + " has no field '" + name
                    + "': LineIdTaildirSource is written for Flume 1.11; check stack/flume/pom.xml");
        }
    }

    @Override
    public String toString() {
        return "LineIdTaildirSource(" + host + ", maxLineBytes=" + maxLineBytes + ", keySpanBytes=" + keySpanBytes
                + ") " + super.toString();
    }
}
