# Creates LogPulse's HBase tables that do not exist yet; existing tables are left untouched.
#
#   hbase shell -n hbase-schema/create_tables.rb
#   LOGPULSE_HBASE_TABLE_PREFIX=test: hbase shell -n hbase-schema/create_tables.rb   # same as logpulse.hbase.table.prefix
#
# Counter tables: family info (the counters, 8-byte longs, kept forever) and m (replay markers).
# alerts: family info only, cells expire after 90 days. batch_ledger: family l, one row (the job's batch ledger
# and lease, see src/main/java/io/logpulse/sink/EXACTLY-ONCE.md). One version per cell everywhere.
# The names equal io.logpulse.counters.CounterTables; io.logpulse.sink.CounterTableSchema creates the same.

prefix = ENV.fetch('LOGPULSE_HBASE_TABLE_PREFIX', '')
counter_tables = %w[product_clickcount product_search_clickcount country_success_count host_stats pipeline_stats]
alerts_table = 'alerts'
ledger_table = 'batch_ledger'
alert_ttl_seconds = 90 * 24 * 3600

namespace = prefix.include?(':') ? prefix.split(':').first : nil
create_namespace namespace if namespace && !@shell.admin.list_namespace.include?(namespace)

counter_tables.each do |table|
  name = prefix + table
  create name, { NAME => 'info', VERSIONS => 1 }, { NAME => 'm', VERSIONS => 1 } unless exists(name)
end
create prefix + alerts_table, { NAME => 'info', VERSIONS => 1, TTL => alert_ttl_seconds } unless exists(prefix + alerts_table)
create prefix + ledger_table, { NAME => 'l', VERSIONS => 1 } unless exists(prefix + ledger_table)
