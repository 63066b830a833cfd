# Requests, 4xx, 5xx and average response time per virtual host of one day (host_stats).
#   bin/logpulse shell [--day yyyyMMdd] [--prefix P] hbase-schema/reports/host_response_time.rb
#   (or: LOGPULSE_DAY=yyyyMMdd hbase shell -n hbase-schema/reports/host_response_time.rb, from the repository's root)
load File.join(ENV.fetch('LOGPULSE_HOME', '.'), 'hbase-schema/reports/report_lib.rb'); LogPulseReport.host_response_time
