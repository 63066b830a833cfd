package io.logpulse.dashboard;

import java.util.List;

/** The alerts raised on one day, as the JSON objects the alerts topic carries: HBase's alerts table, or memory. */
@FunctionalInterface
interface AlertHistory {

    /** @param day {@code yyyyMMdd}, in the job's day zone */
    List<String> ofDay(String day);
}
