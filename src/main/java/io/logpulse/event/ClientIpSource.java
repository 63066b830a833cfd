package io.logpulse.event;

import java.util.Locale;

/** Which logged address an event's client is: the connection's, or the one a proxy forwarded. */
public enum ClientIpSource {

    /** The peer of the connection ({@code $remote_addr}, {@code %h}); right when clients connect directly. */
    REMOTE_ADDR,
    /**
     * The first public address of {@code X-Forwarded-For}, else the peer: behind a load balancer every
     * connection comes from the balancer, so per-client counts and the burst rule need the forwarded one.
     */
    X_FORWARDED_FOR;

    /** The spelling in {@code logpulse.client.ip}: {@code remote-addr} or {@code x-forwarded-for}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for any other spelling than {@link #configName()}'s */
    public static ClientIpSource of(String configName) {
        for (ClientIpSource source : values()) {
            if (source.configName().equals(configName)) {
                return source;
            }
        }
        throw new IllegalArgumentException("'" + configName + "' is neither remote-addr nor x-forwarded-for");
    }
}
