# Alerts whose window ended on one day, UTC (alerts).
#   bin/logpulse shell [--day yyyyMMdd] [--prefix P] hbase-schema/reports/alerts.rb
#   (or: LOGPULSE_DAY=yyyyMMdd hbase shell -n hbase-schema/reports/alerts.rb, from the repository's root)
load File.join(ENV.fetch('LOGPULSE_HOME', '.'), 'hbase-schema/reports/report_lib.rb'); LogPulseReport.alerts
