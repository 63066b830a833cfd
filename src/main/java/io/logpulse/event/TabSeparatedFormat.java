package io.logpulse.event;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The seed-002 click log: {@code ip \t yyyy-MM-dd HH:mm:ss \t "GET /path HTTP/1.1" \t status \t referer}. Its
 * request is checked strictly: a malformed one there is a broken record of the generator, not a scanner.
 */
final class TabSeparatedFormat implements LogFormat {

    private static final long serialVersionUID = 1L;
    private static final int FIELDS = 5;

    private final ZoneId localZone;

    /** @param localZone zone of its timestamps, which carry no offset */
    TabSeparatedFormat(ZoneId localZone) {
        this.localZone = Objects.requireNonNull(localZone, "localZone");
    }

    @Override
    public boolean accepts(String line) {
        return line.indexOf('\t') >= 0;
    }

    @Override
    public LoggedFields read(String line) throws LineRejected {
        String[] fields = line.split("\t", -1);
        if (fields.length != FIELDS) {
            throw new LineRejected(Reject.WRONG_FIELD_COUNT,
                    "tab-separated line has " + fields.length + " fields, expected " + FIELDS);
        }
        LoggedFields read = new LoggedFields();
        read.remoteAddr = ClientAddress.canonical(fields[0]);
        read.time = LogTime.local(fields[1], localZone);
        String request = fields[2];
        if (request.length() < 2 || !request.startsWith("\"") || !request.endsWith("\"")) {
            throw new LineRejected(Reject.BAD_REQUEST, "request field is not quoted: " + FieldValues.snippet(request));
        }
        read.request(HttpRequestLine.strict(request.substring(1, request.length() - 1)));
        read.status = FieldValues.status(fields[3]);
        read.referer = FieldValues.absentIfDash(fields[4]);
        return read;
    }
}
