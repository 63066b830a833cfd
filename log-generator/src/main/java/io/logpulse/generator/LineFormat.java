package io.logpulse.generator;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The access-log formats LogPulse reads, as the servers that inspired them write them. */
enum LineFormat {
    /** Seed 002's tab-separated click log: {@code ip \t yyyy-MM-dd HH:mm:ss \t "GET /url HTTP/1.1" \t status \t referer}. */
    TSV {
        @Override
        String format(Request r) {
            return r.clientIp() + '\t' + SECONDS.format(r.time()) + "\t\"" + r.method() + ' ' + r.uri() + " HTTP/1.1\"\t"
                    + r.status() + '\t' + (r.referer() == null ? "-" : r.referer());
        }
    },
    /** nginx's predefined {@code combined} log_format. */
    COMBINED {
        @Override
        String format(Request r) {
            return combined(r);
        }
    },
    /** {@code combined} followed by {@code $request_time $host}, a common nginx extension. */
    COMBINED_EXT {
        @Override
        String format(Request r) {
            return combined(r) + ' ' + String.format(Locale.ROOT, "%.3f", r.requestTimeSeconds()) + ' ' + r.host();
        }
    },
    /** Seed 000's JSON fields, as nginx writes them with {@code log_format ... escape=json}. */
    JSON {
        @Override
        String format(Request r) {
            return "{\"server\":\"" + r.server() + "\",\"client_ip\":\"" + r.clientIp() + "\",\"method\":\"" + r.method()
                    + "\",\"status\":\"" + r.status() + "\",\"request_time\":\""
                    + String.format(Locale.ROOT, "%.3f", r.requestTimeSeconds()) + "\",\"host\":\"" + r.host()
                    + "\",\"country\":\"" + r.country() + "\",\"uri\":\"" + r.uri() + "\",\"http_referer\":\""
                    + (r.referer() == null ? "" : r.referer()) + "\",\"@timestamp\":\""
                    + String.format(Locale.ROOT, "%d.%06d", r.time().getEpochSecond(), r.time().getNano() / 1000) + "\"}";
        }
    };

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    abstract String format(Request r);

    private static String combined(Request r) {
        return r.clientIp() + " - - [" + NGINX_TIME.format(r.time()) + "] \"" + r.method() + ' ' + r.uri()
                + " HTTP/1.1\" " + r.status() + ' ' + r.bytes() + " \"" + (r.referer() == null ? "-" : r.referer())
                + "\" \"" + r.userAgent() + '"';
    }

    static LineFormat parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
