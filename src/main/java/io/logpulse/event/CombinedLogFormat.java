package io.logpulse.event;

import java.util.ArrayList;
import java.util.List;

/**
 * nginx's and Apache's {@code combined}, followed by any number of extra fields, which many set-ups add
 * ({@code "$http_x_forwarded_for"}, ingress-nginx's upstream fields, {@code $request_time}). The extras are
 * ignored, with two exceptions that cost nothing to recognise: exactly two unquoted extras whose second is a
 * host name are LogPulse's own {@code $request_time $host} (the log generator's {@code combined-ext}), and a
 * first extra that is a quoted address list is nginx {@code main}'s {@code "$http_x_forwarded_for"}.
 */
final class CombinedLogFormat implements LogFormat {

    private static final long serialVersionUID = 1L;

    static final String APACHE_COMBINED = CommonLogFormat.APACHE_COMMON + " \"%{Referer}i\" \"%{User-agent}i\"";

    private final DeclaredFormat combined = DeclaredFormat.compile(APACHE_COMBINED, true);

    @Override
    public boolean accepts(String line) {
        return CommonLogFormat.looksLikeClf(line);
    }

    @Override
    public LoggedFields read(String line) throws LineRejected {
        LoggedFields fields = combined.read(line);
        List<Extra> extras = extras(fields.trailing);
        if (extras.size() == 2 && !extras.get(0).quoted() && !extras.get(1).quoted()
                && ClientAddress.isHostName(extras.get(1).text()) && fields.host == null) {
            fields.requestTimeMs = FieldValues.secondsAsMillis(extras.get(0).text());
            fields.host = FieldValues.plainField("host", extras.get(1).text());
        } else if (!extras.isEmpty() && extras.get(0).quoted() && isAddressList(extras.get(0).text())) {
            fields.forwardedFor = extras.get(0).text();
        }
        return fields;
    }

    private record Extra(String text, boolean quoted) {
    }

    /**
     * The extras' texts, quoted ones decoded. Extras that do not split cleanly give none, since they are
     * ignored anyway: the line is not refused for them.
     */
    private static List<Extra> extras(String trailing) {
        List<Extra> extras = new ArrayList<>();
        int i = 0;
        int n = trailing.length();
        try {
            while (i < n) {
                if (trailing.charAt(i) == ' ') {
                    i++;
                } else if (trailing.charAt(i) == '"') {
                    DecodedText text = new DecodedText();
                    i = text.appendQuoted(trailing, i + 1);
                    extras.add(new Extra(text.build(), true));
                } else {
                    int end = trailing.indexOf(' ', i);
                    end = end < 0 ? n : end;
                    extras.add(new Extra(trailing.substring(i, end), false));
                    i = end;
                }
            }
        } catch (LineRejected unterminatedQuote) {
            return List.of();
        }
        return extras;
    }

    private static boolean isAddressList(String text) {
        for (String entry : text.split(",", -1)) {
            if (!IpAddress.isValid(entry.strip())) {
                return false;
            }
        }
        return true;
    }
}
