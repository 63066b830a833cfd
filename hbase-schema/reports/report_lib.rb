# The reports behind hbase-schema/reports/*.rb: LogPulse's counter tables read through the HBase Java client the
# shell runs on. The shell echoes every line of a script it runs, so each script is one call into this file.
#
#   LOGPULSE_DAY=yyyyMMdd              the day to report (default: today in LOGPULSE_DAY_ZONE)
#   LOGPULSE_DAY_ZONE=Europe/Berlin    the zone of the days, as logpulse.day.zone (default: UTC)
#   LOGPULSE_HBASE_TABLE_PREFIX=p_     the tables' prefix, as logpulse.hbase.table.prefix (default: none)
#
# Counters are 8-byte longs written by increments; the shell's scan would print them as bytes, so the scripts
# decode them with Bytes.toLong and print one tab-separated line per figure. Row keys hold logged values
# percent-encoded (io.logpulse.counters.RowKeyPart): the scripts split a key where the Java side does, then print
# each value decoded.

java_import org.apache.hadoop.hbase.HBaseConfiguration
java_import org.apache.hadoop.hbase.TableName
java_import org.apache.hadoop.hbase.client.ConnectionFactory
java_import org.apache.hadoop.hbase.client.Scan
java_import org.apache.hadoop.hbase.util.Bytes
java_import java.time.Instant
java_import java.time.LocalDate
java_import java.time.ZoneId
java_import java.time.format.DateTimeFormatter

module LogPulseReport
  PREFIX = ENV.fetch('LOGPULSE_HBASE_TABLE_PREFIX', '')
  ZONE = ZoneId.of(ENV['LOGPULSE_DAY_ZONE'].to_s.empty? ? 'UTC' : ENV['LOGPULSE_DAY_ZONE'])
  DAY = ENV['LOGPULSE_DAY'] || LocalDate.now(ZONE).format(DateTimeFormatter::BASIC_ISO_DATE)
  raise ArgumentError, "LOGPULSE_DAY must be yyyyMMdd, not '#{DAY}'" unless DAY =~ /\A\d{8}\z/

  # { row key => { qualifier => number } } of family info; only rows of DAY unless the whole table is asked for.
  def self.rows(table, whole_table: false)
    connection = ConnectionFactory.createConnection(HBaseConfiguration.create)
    begin
      scan = Scan.new.addFamily(Bytes.toBytes('info'))
      scan.setRowPrefixFilter(Bytes.toBytes(DAY + '_')) unless whole_table
      rows = {}
      scanner = connection.getTable(TableName.valueOf(PREFIX + table)).getScanner(scan)
      scanner.each do |result|
        cells = {}
        result.rawCells.each do |cell|
          next unless cell.getValueLength == Bytes::SIZEOF_LONG
          qualifier = Bytes.toString(cell.getQualifierArray, cell.getQualifierOffset, cell.getQualifierLength)
          cells[qualifier] = Bytes.toLong(cell.getValueArray, cell.getValueOffset)
        end
        rows[Bytes.toString(result.getRow)] = cells
      end
      scanner.close
      rows
    ensure
      connection.close
    end
  end

  # A value as logged: RowKeyPart keeps [A-Za-z0-9._:-] and '_', and writes any other character as its UTF-8
  # bytes, %XX each ('%C3%A9' is U+00E9, '%25' is '%'). Never encoding '_' is what lets a whole key be decoded too.
  def self.decode(part)
    part.dup.force_encoding(Encoding::BINARY).gsub(/%([0-9A-F]{2})/) { $1.hex.chr }
        .force_encoding(Encoding::UTF_8).scrub
  end

  # The value of a row key after its leading day (always 8 digits), decoded.
  def self.key(row)
    decode(row.sub(/\A#{DAY}_/, ''))
  end

  def self.print_table(title, header, lines)
    puts "#{title} (#{PREFIX}*, day #{DAY})"
    puts header.join("\t")
    lines.each { |line| puts line.join("\t") }
    nil
  end

  # Clicks per product page (seed 002's product_clickcount), most clicked first.
  def self.product_clicks
    clicks = rows('product_clickcount').map { |row, c| [key(row), c.fetch('click_count', 0)] }
    print_table('product clicks', %w[product clicks], clicks.sort_by { |product, n| [-n, product] })
  end

  # Product-page clicks per referring search engine (product_search_clickcount rows are
  # yyyyMMdd_<engine host>_<product id>), most referring engine first.
  def self.search_referrals
    per_engine = Hash.new(0)
    rows('product_search_clickcount').each do |row, cells|
      # Product ids are digits, so the host ends at the last '_'.
      per_engine[key(row.sub(/_[^_]*\z/, ''))] += cells.fetch('click_count', 0)
    end
    print_table('search-engine referrals', %w[engine clicks], per_engine.sort_by { |e, n| [-n, e] })
  end

  # Successful (2xx) requests per client country (country_success_count).
  def self.country_success
    success = rows('country_success_count').map { |row, c| [key(row), c.fetch('success_count', 0)] }
    print_table('successful requests per country', %w[country requests], success.sort_by { |c, n| [-n, c] })
  end

  # Requests and average response time per virtual host (host_stats). The average divides by the requests that
  # logged a time (request_time_count), not by all requests.
  def self.host_response_time
    hosts = rows('host_stats').map do |row, c|
      timed = c.fetch('request_time_count', 0)
      average = timed.zero? ? '-' : (c.fetch('request_time_ms_sum', 0) / timed).to_s
      [key(row), c.fetch('request_count', 0), c.fetch('status_4xx', 0), c.fetch('status_5xx', 0), average]
    end
    print_table('response time per host', %w[host requests 4xx 5xx avg_ms], hosts.sort)
  end

  # An epoch-millisecond time in ZONE, formatted with a java.time pattern.
  def self.zoned(epoch_ms, pattern)
    Instant.ofEpochMilli(epoch_ms).atZone(ZONE).format(DateTimeFormatter.ofPattern(pattern))
  end

  # Alerts whose window ended on the day, oldest first; rows are <rule>_<key>_<window end epoch ms>, the window end
  # (request time) after the last '_'. Rows written before alerts carried their window's start show '-' for it.
  def self.alerts
    window_end = ->(row) { row[/\d+\z/].to_i }
    of_day = rows('alerts', whole_table: true).select { |row, _| zoned(window_end.call(row), 'yyyyMMdd') == DAY }
    lines = of_day.sort_by { |row, _| [window_end.call(row), row] }.map do |row, c|
      start = c.key?('window_start') ? zoned(c['window_start'], 'HH:mm:ss') : '-'
      [decode(row.sub(/_\d+\z/, '')), start, zoned(window_end.call(row), 'HH:mm:ss'), c.fetch('count', 0),
       c.fetch('threshold', 0), c.fetch('window_s', 0)]
    end
    print_table('alerts', %w[rule_key window_start window_end count threshold window_s], lines)
  end
end
