package io.logpulse.dashboard;

import io.logpulse.report.CounterSource;
import java.time.ZoneId;

/**
 * What the dashboard shows, behind the small interfaces it reads: HBase and Kafka in {@link Dashboard#start}, memory
 * in tests.
 *
 * @param counters     the counter tables, for {@code /api/report}
 * @param alertHistory the alerts table, for {@code /api/alerts/history}
 * @param statuses     the status topic's last 15 minutes, for {@code /api/status}
 * @param alerts       the alerts topic as it is written, for {@code /api/alerts}
 * @param dayZone      the job's day zone ({@code logpulse.day.zone}): what "today" is
 */
record DashboardSources(CounterSource counters, AlertHistory alertHistory, StatusWindow statuses, AlertFeed alerts,
                        ZoneId dayZone) {
}
