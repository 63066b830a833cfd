package io.logpulse.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Flume agent's own counters, from its HTTP monitoring endpoint. */
final class FlumeMetrics {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FlumeMetrics() {}

    /** Events waiting in a channel, or -1 when the agent does not answer. */
    static long channelSize(String channel) {
        try {
            String json = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.env().get("FLUME_METRICS"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"CHANNEL\\." + channel + "\":\\{[^}]*\"ChannelSize\":\"(\\d+)\"").matcher(json);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
