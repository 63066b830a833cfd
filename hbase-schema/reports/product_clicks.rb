# Clicks per product page of one day, most clicked first (product_clickcount).
#   bin/logpulse shell [--day yyyyMMdd] [--prefix P] hbase-schema/reports/product_clicks.rb
#   (or: LOGPULSE_DAY=yyyyMMdd hbase shell -n hbase-schema/reports/product_clicks.rb, from the repository's root)
load File.join(ENV.fetch('LOGPULSE_HOME', '.'), 'hbase-schema/reports/report_lib.rb'); LogPulseReport.product_clicks
