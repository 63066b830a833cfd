# Successful requests per client country of one day (country_success_count).
#   bin/logpulse shell [--day yyyyMMdd] [--prefix P] hbase-schema/reports/country_success.rb
#   (or: LOGPULSE_DAY=yyyyMMdd hbase shell -n hbase-schema/reports/country_success.rb, from the repository's root)
load File.join(ENV.fetch('LOGPULSE_HOME', '.'), 'hbase-schema/reports/report_lib.rb'); LogPulseReport.country_success
