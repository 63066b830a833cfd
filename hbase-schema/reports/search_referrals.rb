# Product-page clicks per referring search engine of one day (product_search_clickcount).
#   bin/logpulse shell [--day yyyyMMdd] [--prefix P] hbase-schema/reports/search_referrals.rb
#   (or: LOGPULSE_DAY=yyyyMMdd hbase shell -n hbase-schema/reports/search_referrals.rb, from the repository's root)
load File.join(ENV.fetch('LOGPULSE_HOME', '.'), 'hbase-schema/reports/report_lib.rb'); LogPulseReport.search_referrals
