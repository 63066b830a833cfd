package io.logpulse.dashboard;

import io.logpulse.status.JsonValue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Alerts as they fire, handed to every open event stream. A record that is not a JSON object is not sent: the page
 * parses each event, and one broken record must not stop its stream.
 */
final class AlertFeed {

    private final Set<Consumer<String>> subscribers = new CopyOnWriteArraySet<>();

    /** @param alertJson one record of the alerts topic */
    void publish(String alertJson) {
        try {
            JsonValue.object(alertJson);
        } catch (IllegalArgumentException e) {
            return;
        }
        subscribers.forEach(subscriber -> subscriber.accept(alertJson));
    }

    /** Hands every alert published from now on to {@code subscriber}, until the returned handle is closed. */
    Subscription subscribe(Consumer<String> subscriber) {
        // A wrapper of its own, so one consumer subscribed twice is two subscriptions.
        Consumer<String> subscription = subscriber::accept;
        subscribers.add(subscription);
        return () -> subscribers.remove(subscription);
    }

    /** An open subscription; closing it stops the deliveries. */
    interface Subscription extends AutoCloseable {

        @Override
        void close();
    }
}
