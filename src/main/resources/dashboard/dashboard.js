// The LogPulse dashboard: polls /api/report and /api/status every 2 s, follows /api/alerts (Server-Sent Events).
// Every figure comes from the report JSON as `bin/logpulse report --format json` prints it; text from the logs
// (hosts, products) is only ever set as textContent, never as HTML.
"use strict";
(function () {
    const REFRESH_MS = 2000;
    const TOP = 10;
    const NO_STATUS = "no batch status in the last 15 minutes: is the job running?";
    const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    const byId = id => document.getElementById(id);
    const problems = { report: null, status: null, alerts: null };
    const charts = {};
    let day = null; // yyyyMMdd

    // ---- bad states, shown in #status-message

    function showProblems() {
        const box = byId("status-message");
        box.replaceChildren(...Object.values(problems).filter(Boolean).map(text => {
            const p = document.createElement("p");
            p.textContent = text;
            return p;
        }));
        box.hidden = box.childElementCount === 0;
        box.dataset.state = box.hidden ? "ok" : "bad";
    }

    async function errorOf(response) {
        try {
            return (await response.json()).error || response.statusText;
        } catch (e) {
            return response.status + " " + response.statusText;
        }
    }

    // ---- the day

    const dashed = d => d.slice(0, 4) + "-" + d.slice(4, 6) + "-" + d.slice(6, 8);

    function setDay(d) {
        const changed = d !== day;
        day = d;
        byId("day").value = dashed(d);
        byId("export-json").href = "/api/report?day=" + d;
        byId("export-csv").href = "/api/report?day=" + d + "&format=csv";
        return changed;
    }

    // ---- the report

    function fill(tableId, rows, cells) {
        const body = byId(tableId).tBodies[0];
        if (rows.length === 0) {
            const tr = document.createElement("tr");
            const td = document.createElement("td");
            td.className = "empty";
            td.colSpan = byId(tableId).tHead.rows[0].cells.length;
            td.textContent = "no data";
            tr.appendChild(td);
            body.replaceChildren(tr);
            return;
        }
        body.replaceChildren(...rows.map(row => {
            const tr = document.createElement("tr");
            Object.entries(row.data).forEach(([name, value]) => { tr.dataset[name] = value; });
            cells(row).forEach((value, i) => {
                const td = document.createElement("td");
                td.textContent = value;
                if (i > 0) {
                    td.className = "n";
                }
                tr.appendChild(td);
            });
            return tr;
        }));
    }

    // Rows are "<day>_<rest>": what follows the day is the product, country or host.
    const afterDay = row => row.slice(row.indexOf("_") + 1);
    const byCount = (a, b) => b.count - a.count || (a.name < b.name ? -1 : 1);

    function showReport(report) {
        const products = Object.entries(report.product_clickcount || {})
            .map(([row, c]) => ({ row, name: afterDay(row), count: c.click_count || 0 })).sort(byCount)
            .slice(0, TOP);
        byId("product-clicks").dataset.top = TOP;
        fill("product-clicks", products.map(p => ({ data: { row: p.row, product: p.name, count: p.count }, ...p })),
            p => [p.name, p.count]);
        barChart(products);

        // "<day>_<engine host>_<product>": the engine lies between the first and the last '_'.
        const engines = {};
        Object.entries(report.product_search_clickcount || {}).forEach(([row, c]) => {
            const first = row.indexOf("_");
            const last = row.lastIndexOf("_");
            const engine = first < last ? row.slice(first + 1, last) : row;
            engines[engine] = (engines[engine] || 0) + (c.click_count || 0);
        });
        fill("engine-referrals", Object.entries(engines).map(([name, count]) => ({ name, count })).sort(byCount)
            .map(e => ({ data: { engine: e.name, count: e.count }, ...e })), e => [e.name, e.count]);

        fill("country-success", Object.entries(report.country_success_count || {})
            .map(([row, c]) => ({ name: afterDay(row), count: c.success_count || 0 })).sort(byCount)
            .map(c => ({ data: { country: c.name, count: c.count }, ...c })), c => [c.name, c.count]);

        fill("host-stats", Object.entries(report.host_stats || {}).map(([row, c]) => {
            const timed = c.request_time_count || 0;
            const avg = timed === 0 ? "-" : String(Math.floor((c.request_time_ms_sum || 0) / timed));
            const host = {
                row, host: afterDay(row), requests: c.request_count || 0, status4xx: c.status_4xx || 0,
                status5xx: c.status_5xx || 0, avgMs: avg
            };
            return { data: host, ...host };
        }), h => [h.host, h.requests, h.status4xx, h.status5xx, h.avgMs]);

        const empty = Object.values(report).every(rows => Object.keys(rows).length === 0);
        problems.report = empty ? "no data for " + dashed(day) : null;
    }

    async function refreshReport() {
        try {
            const response = await fetch(day ? "/api/report?day=" + day : "/api/report");
            if (!response.ok) {
                problems.report = "report: " + await errorOf(response);
                return;
            }
            if (!day) {
                setDay(response.headers.get("X-Report-Day"));
            }
            showReport(await response.json());
        } catch (e) {
            problems.report = "the dashboard server does not answer (" + e.message + ")";
        }
    }

    // ---- charts

    function chart(name, parent, options, data) {
        const key = JSON.stringify(options.series.map(s => s.label));
        const existing = charts[name];
        if (existing && existing.key === key) {
            existing.plot.setData(data);
            return;
        }
        if (existing) {
            existing.plot.destroy();
        }
        const width = Math.max(320, Math.min(560, parent.clientWidth - 20));
        charts[name] = { key, plot: new uPlot({ width, height: 180, ...options }, data, parent) };
    }

    function barChart(products) {
        const labels = products.map(p => p.name);
        chart("products", byId("product-chart"), {
            series: [{}, { label: "clicks", fill: "#1f77b4aa", stroke: "#1f77b4",
                paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } }],
            scales: { x: { time: false, range: [-0.5, Math.max(labels.length, 1) - 0.5] } },
            axes: [{ splits: () => labels.map((_, i) => i), values: () => labels }, {}],
            legend: { show: false }
        }, [labels.map((_, i) => i), products.map(p => p.count)]);
        // The labels change with the data, and the axis reads them when the chart is drawn: redraw with them.
        charts.products.plot.redraw(false, true);
    }

    const known = v => (v === undefined || v < 0 ? null : v);

    function healthSeries(statuses) {
        const t = [], input = [], processing = [], lag = [], processingMs = [], delayMs = [];
        const reasons = [...new Set(statuses.flatMap(s => Object.keys(s.rejected || {})))].sort();
        const rejects = reasons.map(() => []);
        statuses.forEach((s, i) => {
            const previous = statuses[i - 1];
            const seconds = previous ? (s.batch_time_ms - previous.batch_time_ms) / 1000 : 0;
            t.push(s.batch_time_ms / 1000);
            // Input: what arrived on the topic between two batches, from the end offsets summed.
            input.push(previous && seconds > 0 && s.kafka_end >= 0 && previous.kafka_end >= 0
                ? (s.kafka_end - previous.kafka_end) / seconds : null);
            // Processing: what the batch took in, over the interval it covers.
            processing.push(seconds > 0 ? s.records / seconds : null);
            lag.push(known(s.kafka_lag));
            processingMs.push(known(s.processing_ms));
            delayMs.push(known(s.scheduling_delay_ms));
            reasons.forEach((reason, r) => rejects[r].push((s.rejected || {})[reason] || 0));
        });
        return { t, input, processing, lag, processingMs, delayMs, reasons, rejects };
    }

    function line(label, i) {
        return { label, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false };
    }

    function showHealth(statuses) {
        const box = byId("health-chart");
        box.dataset.points = statuses.length;
        const h = healthSeries(statuses);
        const panel = name => {
            let div = byId("health-" + name);
            if (!div) {
                div = document.createElement("div");
                div.id = "health-" + name;
                box.appendChild(div);
            }
            return div;
        };
        chart("rates", panel("rates"), { title: "records/s", series: [{}, line("input", 0), line("processing", 2)] },
            [h.t, h.input, h.processing]);
        chart("lag", panel("lag"), { title: "Kafka lag (records)", series: [{}, line("lag", 1)] }, [h.t, h.lag]);
        chart("times", panel("times"), {
            title: "batch times (ms)", series: [{}, line("processing", 0), line("scheduling delay", 3)]
        }, [h.t, h.processingMs, h.delayMs]);
        chart("rejects", panel("rejects"), {
            title: "rejects per batch, by reason",
            series: [{}, ...(h.reasons.length ? h.reasons : ["none"]).map((reason, i) => line(reason, i + 4))]
        }, [h.t, ...(h.reasons.length ? h.rejects : [h.t.map(() => 0)])]);
    }

    async function refreshStatus() {
        try {
            const response = await fetch("/api/status");
            if (!response.ok) {
                problems.status = "status: " + await errorOf(response);
                return;
            }
            const statuses = await response.json();
            showHealth(statuses);
            if (statuses.length === 0) {
                problems.status = NO_STATUS;
            } else {
                const age = (Date.now() - statuses[statuses.length - 1].batch_time_ms) / 1000;
                problems.status = age > 60
                    ? "the last batch status is " + Math.round(age) + " s old: is the job running?" : null;
            }
        } catch (e) {
            problems.status = "the dashboard server does not answer (" + e.message + ")";
        }
    }

    // ---- alerts

    const alertId = a => a.rule + "|" + a.key + "|" + a.window_end_epoch_ms;

    function alertItem(alert, live) {
        const li = document.createElement("li");
        li.dataset.rule = alert.rule;
        li.dataset.key = alert.key;
        li.dataset.id = alertId(alert);
        if (live) {
            li.className = "live";
        }
        const rule = document.createElement("span");
        rule.className = "rule";
        rule.textContent = alert.rule;
        const when = alert.window_end ? new Date(alert.window_end).toLocaleString() : "";
        li.append(rule, alert.key + ": " + alert.count + " > " + alert.threshold + " in " + alert.window_seconds
            + " s (window ending " + when + ")");
        return li;
    }

    function hasAlert(alert) {
        return [...byId("alerts").children].some(li => li.dataset.id === alertId(alert));
    }

    async function refreshHistory() {
        try {
            const response = await fetch("/api/alerts/history?day=" + day);
            if (!response.ok) {
                problems.alerts = "alert history: " + await errorOf(response);
                return;
            }
            problems.alerts = null;
            (await response.json()).filter(a => !hasAlert(a)).forEach(a => byId("alerts").append(alertItem(a, false)));
        } catch (e) {
            problems.alerts = "the dashboard server does not answer (" + e.message + ")";
        }
    }

    function followAlerts() {
        // EventSource reconnects by itself after the server's "retry" when the stream drops.
        new EventSource("/api/alerts").onmessage = event => {
            const alert = JSON.parse(event.data);
            if (!hasAlert(alert)) {
                byId("alerts").prepend(alertItem(alert, true));
            }
        };
    }

    // ---- the loop

    async function refresh() {
        await refreshReport();
        await Promise.all([refreshStatus(), day ? refreshHistory() : null]);
        showProblems();
        byId("updated").textContent = "updated " + new Date().toLocaleTimeString();
    }

    byId("day").addEventListener("change", () => {
        const value = byId("day").value.replaceAll("-", "");
        if (/^\d{8}$/.test(value) && setDay(value)) {
            byId("alerts").replaceChildren();
            refresh();
        }
    });

    // The next round is due 2 s after this one ended, so a slow HBase never piles requests up.
    async function loop() {
        await refresh();
        setTimeout(loop, REFRESH_MS);
    }

    followAlerts();
    loop();
})();
