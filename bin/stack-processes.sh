# Sourced by bin/logpulse: the local stack's processes. Ports, pids, launching a server, waiting until it is
# healthy, stopping it, sweeping leftovers, the one-stack-per-user owner check, the status table and the client
# settings a running stack writes ($STATE/stack.env). Uses the launcher's say, die, usage, $JAVA, $STATE,
# classpath_of and ensure_stack_built. Only the servers: the demo and the benches are Java (io.logpulse.ops).
# shellcheck shell=bash
# ---------------------------------------------------------------- ports and processes

port_in_use() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# Ports are chosen once, below Linux's ephemeral range, and kept: HBase's root dir names the NameNode's port.
load_ports() {
  if [[ ! -f "$STATE/ports.env" ]]; then
    local names=(KAFKA_PORT KAFKA_CONTROLLER_PORT NAMENODE_PORT ZOOKEEPER_PORT HMASTER_PORT REGIONSERVER_PORT FLUME_HTTP_PORT FLUME_AVRO_PORT)
    local taken=" " name port
    : > "$STATE/ports.env.tmp"
    for name in "${names[@]}"; do
      for _ in $(seq 1 500); do
        port=$((20000 + RANDOM % 12000))
        [[ "$taken" == *" $port "* ]] || port_in_use "$port" || break
      done
      taken+="$port "
      echo "$name=$port" >> "$STATE/ports.env.tmp"
    done
    mv "$STATE/ports.env.tmp" "$STATE/ports.env"
  fi
  # shellcheck disable=SC1091
  source "$STATE/ports.env"
}

pid_of() { cat "$STATE/pids/$1.pid" 2> /dev/null || true; }

# Alive and really ours: the command line carries this state directory (guards against a recycled pid).
is_running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -qF -- "-Dlogpulse.stack=$STATE "
}

launch() { # component heap java-args...
  local component=$1 heap=$2
  shift 2
  mkdir -p "$STATE/logs" "$STATE/pids"
  echo "---- $(date -u +%FT%TZ) starting $component" >> "$STATE/logs/$component.log"
  setsid "$JAVA" -Xmx"$heap" "-Dlogpulse.stack=$STATE" "$@" >> "$STATE/logs/$component.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pids/$component.pid"
}

# The errors of the latest start first (shutdown noise tends to bury them), then the log's last lines.
log_tail() {
  local log=$STATE/logs/$1.log
  say "---- errors in $log since this start:"
  awk '/^---- .* starting /{n=0; delete e} /ERROR|FATAL|Exception/{if (n<8) e[n++]=$0} END{for(i=0;i<n;i++) print e[i]}' "$log" >&2 || true
  say "---- last lines of $log:"
  tail -n 15 "$log" >&2 || true
}

STARTED_NOW=()
fail_start() { # component message
  say "logpulse: $1 failed to come up: $2"
  log_tail "$1"
  local i
  for ((i = ${#STARTED_NOW[@]} - 1; i >= 0; i--)); do stop_component "${STARTED_NOW[i]}"; done
  say "logpulse: stopped what this start had launched; fix the cause above and run 'bin/logpulse stack start' again."
  exit 1
}

# Polls a probe until it passes, the process dies, or the deadline passes.
wait_healthy() { # component seconds probe-function
  local component=$1 deadline=$(($(date +%s) + $2)) probe=$3
  until "$probe" > /dev/null 2>&1; do
    is_running "$component" || fail_start "$component" "the process exited"
    [[ $(date +%s) -lt $deadline ]] || fail_start "$component" "not healthy after $2 s"
    sleep 0.5
  done
}

stop_component() {
  local component=$1 pid t0
  is_running "$component" || { rm -f "$STATE/pids/$component.pid"; return 0; }
  pid=$(pid_of "$component")
  t0=$(now_ms)
  kill -TERM "$pid" 2> /dev/null || true
  local deadline=$(($(date +%s) + 60))
  while kill -0 "$pid" 2> /dev/null && [[ $(date +%s) -lt $deadline ]]; do sleep 0.2; done
  if kill -0 "$pid" 2> /dev/null; then
    say "  $component (pid $pid) did not stop within 60 s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2> /dev/null || true
    while kill -0 "$pid" 2> /dev/null; do sleep 0.1; done
  fi
  rm -f "$STATE/pids/$component.pid"
  say "  stopped $component (pid $pid) in $(elapsed "$t0")"
}

# ---------------------------------------------------------------- components

# A template of stack/conf/ to a server's config: each ${NAME} given is that variable's value; nothing else changes.
fill_template() { # template target NAME...
  local text name value
  text=$(< "$LOGPULSE_HOME/stack/conf/$1")
  for name in "${@:3}"; do
    value=${!name}
    text=${text//"\${$name}"/"$value"}
  done
  printf '%s\n' "$text" > "$2"
}

QUIET_LOG=-Dlog4j.configuration=file:$LOGPULSE_HOME/stack/conf/log4j-quiet.properties
probe_hadoop() { "$JAVA" -Xmx128m -cp "$STATE/conf/hadoop:$(classpath_of hadoop)" "$QUIET_LOG" io.logpulse.stack.HadoopProbe; }
probe_kafka() { "$JAVA" -Xmx128m -cp "$(classpath_of kafka)" "$QUIET_LOG" io.logpulse.stack.KafkaProbe "127.0.0.1:$KAFKA_PORT" "access-logs:${LOGPULSE_KAFKA_PARTITIONS:-3}" alerts:1 logpulse-status:1; }
probe_hbase() { "$JAVA" -Xmx128m -cp "$STATE/conf/hbase:$(classpath_of hbase)" "${JDK17_OPENS[@]}" "$QUIET_LOG" io.logpulse.stack.HBaseProbe; }
probe_flume() {
  local metrics
  metrics=$(curl -sf --max-time 3 "http://127.0.0.1:$FLUME_HTTP_PORT/metrics") || return 1
  [[ "$metrics" == *'"SOURCE.tail"'* && "$metrics" == *'"SINK.kafka-1"'* ]] || return 1
  printf '%s' "$metrics" | sed -E 's/.*"CHANNEL.tailch":\{[^}]*"ChannelSize":"([0-9]+)".*/tail channel size=\1/'
  echo
}
hadoop_ready() { [[ -f "$STATE/conf/hadoop/ready" ]]; }
kafka_port_open() { port_in_use "$KAFKA_PORT"; }
port_open_hbase() { port_in_use "$REGIONSERVER_PORT" && probe_hbase; }

start_hadoop() {
  rm -f "$STATE/conf/hadoop/ready"
  mkdir -p "$STATE/data/hadoop" "$STATE/conf/hadoop"
  launch hadoop 768m "${JDK17_OPENS[@]}" -cp "$(classpath_of hadoop)" -Dlog4j.configuration=file:"$LOGPULSE_HOME/stack/conf/log4j.properties" \
    io.logpulse.stack.HadoopMiniStack "$STATE/data/hadoop" "$STATE/conf/hadoop" "$NAMENODE_PORT" "${LOGPULSE_NODEMANAGER_MB:-6144}"
  STARTED_NOW+=(hadoop)
  wait_healthy hadoop 180 hadoop_ready
}

start_kafka() {
  mkdir -p "$STATE/conf/kafka" "$STATE/data/kafka"
  fill_template kafka-server.properties "$STATE/conf/kafka/server.properties" KAFKA_PORT KAFKA_CONTROLLER_PORT STATE
  local kafka_cp
  kafka_cp=$(classpath_of kafka)
  if [[ ! -f "$STATE/data/kafka/meta.properties" ]]; then
    local cluster_id
    cluster_id=$("$JAVA" -cp "$kafka_cp" "$QUIET_LOG" kafka.tools.StorageTool random-uuid)
    "$JAVA" -cp "$kafka_cp" "$QUIET_LOG" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$STATE/conf/kafka/server.properties" >> "$STATE/logs/kafka.log" 2>&1 ||
      fail_start kafka "formatting its storage failed"
  fi
  launch kafka 512m -cp "$kafka_cp" -Dlog4j.configuration=file:"$LOGPULSE_HOME/stack/conf/log4j.properties" kafka.Kafka "$STATE/conf/kafka/server.properties"
  STARTED_NOW+=(kafka)
  wait_healthy kafka 90 kafka_port_open
  wait_healthy kafka 60 probe_kafka
}

start_hbase() {
  mkdir -p "$STATE/conf/hbase" "$STATE/data/hbase"
  fill_template hbase-site.xml "$STATE/conf/hbase/hbase-site.xml" NAMENODE_PORT ZOOKEEPER_PORT HMASTER_PORT \
    REGIONSERVER_PORT STATE
  launch hbase 1g -cp "$STATE/conf/hbase:$STATE/conf/hadoop:$(classpath_of hbase)" "${JDK17_OPENS[@]}" \
    -Dlog4j.configuration=file:"$LOGPULSE_HOME/stack/conf/log4j.properties" \
    org.apache.hadoop.hbase.master.HMaster start
  STARTED_NOW+=(hbase)
  wait_healthy hbase 180 port_open_hbase
}

start_flume() {
  mkdir -p "$STATE/data/flume" "$TAIL_DIR"
  launch flume 1536m -cp "$LOGPULSE_HOME/flume-conf:$(classpath_of flume)" \
    -Dlog4j.configurationFile="$LOGPULSE_HOME/flume-conf/log4j2.xml" \
    -DpropertiesImplementation=org.apache.flume.node.EnvVarResolverProperties \
    -Dflume.monitoring.type=http -Dflume.monitoring.port="$FLUME_HTTP_PORT" \
    org.apache.flume.node.Application --no-reload-conf -n logpulse -f "$LOGPULSE_HOME/flume-conf/logpulse-agent.conf"
  STARTED_NOW+=(flume)
  wait_healthy flume 90 probe_flume
}

flume_env() {
  export LOGPULSE_KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT" LOGPULSE_KAFKA_TOPIC=access-logs \
    LOGPULSE_TAIL_DIR="$TAIL_DIR" LOGPULSE_TAIL_REGEX="$TAIL_REGEX" LOGPULSE_FLUME_DATA="$STATE/data/flume" \
    LOGPULSE_AVRO_BIND=127.0.0.1 LOGPULSE_AVRO_PORT="$FLUME_AVRO_PORT"
}

GENERATOR_DIR=$STATE/logs/generator GENERATOR_DIR_REGEX='access-.*\.log(\.1)?'
# What Flume tails: one file given with --tail at start, else the generator's directory. The choice holds while
# Flume runs; a start that (re)launches Flume without --tail goes back to the generator's directory.
load_tail() {
  local tail_file=$1 starting=${2:-}
  if [[ -n "$tail_file" ]]; then
    [[ -e "$tail_file" ]] || die "--tail $tail_file: no such file. Give the path of a live access log, e.g. /var/log/nginx/access.log"
    [[ -f "$tail_file" && -r "$tail_file" ]] || die "--tail $tail_file: not a readable file (check its permissions: Flume runs as $(id -un))"
    local dir regex
    dir=$(cd "$(dirname "$tail_file")" && pwd)
    # The file and its first rotated name: TAILDIR reads a renamed file to its end only while the regex matches it.
    regex="$(basename "$tail_file" | sed 's/[].[^$*+?(){}|\\]/\\&/g')(\\.1)?"
    if is_running flume && [[ -f "$STATE/tail.env" ]] && ! grep -qxF "TAIL_DIR=$dir" "$STATE/tail.env"; then
      die "Flume is already running and tails $(sed -n 's/^TAIL_DIR=//p' "$STATE/tail.env"); run 'bin/logpulse stack stop' first to tail $tail_file"
    fi
    printf 'TAIL_DIR=%s\nTAIL_REGEX=%s\n' "$dir" "$regex" > "$STATE/tail.env"
  elif [[ ! -f "$STATE/tail.env" ]] || { [[ -n "$starting" ]] && ! is_running flume; }; then
    printf 'TAIL_DIR=%s\nTAIL_REGEX=%s\n' "$GENERATOR_DIR" "$GENERATOR_DIR_REGEX" > "$STATE/tail.env"
  fi
  TAIL_DIR=$(sed -n 's/^TAIL_DIR=//p' "$STATE/tail.env")
  TAIL_REGEX=$(sed -n 's/^TAIL_REGEX=//p' "$STATE/tail.env")
}

# Another state directory's stack would fight this one for memory and confuse every client.
check_owner() {
  [[ -f "$OWNER_FILE" ]] || return 0
  local other
  other=$(cat "$OWNER_FILE")
  [[ "$other" != "$STATE" && -d "$other/pids" ]] || return 0
  local pidfile pid
  for pidfile in "$other"/pids/*.pid; do
    [[ -f "$pidfile" ]] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2> /dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -qF -- "-Dlogpulse.stack=$other "; then
      die "a LogPulse stack is already running under another state directory, $other (pid $pid). Stop it first: LOGPULSE_STATE_DIR=$other bin/logpulse stack stop"
    fi
  done
}

write_client_env() {
  cat > "$STATE/stack.env" << EOF
KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
HADOOP_CONF_DIR=$STATE/conf/hadoop
HBASE_CONF_DIR=$STATE/conf/hbase
HDFS_URI=hdfs://127.0.0.1:$NAMENODE_PORT
FLUME_AVRO=127.0.0.1:$FLUME_AVRO_PORT
FLUME_METRICS=http://127.0.0.1:$FLUME_HTTP_PORT/metrics
TAIL_DIR=$TAIL_DIR
EOF
}

stack_start() {
  local tail_file=""
  while [[ $# -gt 0 ]]; do
    case $1 in
      --tail) [[ $# -ge 2 ]] || die "--tail needs a file"; tail_file=$2; shift 2 ;;
      *) die "stack start: unknown option $1 (usage: logpulse stack start [--tail FILE])" ;;
    esac
  done
  resolve_java
  check_owner
  load_tail "$tail_file" starting
  ensure_stack_built
  load_ports
  echo "$STATE" > "$OWNER_FILE"
  local total t0 component
  total=$(now_ms)
  for component in "${COMPONENTS[@]}"; do
    if is_running "$component"; then
      say "  $component already running (pid $(pid_of "$component"))"
      continue
    fi
    t0=$(now_ms)
    say "  starting $component..."
    [[ "$component" != flume ]] || flume_env
    "start_$component"
    say "  $component up in $(elapsed "$t0") (pid $(pid_of "$component"))"
  done
  write_client_env
  say "stack up in $(elapsed "$total"): state in $STATE (clients: $STATE/stack.env)"
}

# Anything still holding this state directory on its command line was started by this stack (YARN containers of
# the local NodeManager, say); but not this command nor its callers (the demo's JVM names the state's configs).
sweep_leftovers() {
  local pid callers=" " up=$$
  while [[ "${up:-0}" -gt 1 ]]; do
    callers+="$up "
    up=$(awk '/^PPid:/ { print $2 }' "/proc/$up/status" 2> /dev/null)
  done
  for pid in $(pgrep -f -- "$STATE/|-Dlogpulse.stack=$STATE( |$)" || true); do
    [[ "$callers" != *" $pid "* ]] || continue
    say "  stopping leftover process $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | cut -c1-120)"
    kill -KILL "$pid" 2> /dev/null || true
  done
}

stack_stop() {
  local t0 i
  t0=$(now_ms)
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[i]}"; done
  sweep_leftovers
  if [[ -f "$OWNER_FILE" && "$(cat "$OWNER_FILE")" == "$STATE" ]]; then rm -f "$OWNER_FILE"; fi
  say "stack stopped in $(elapsed "$t0")"
}

stack_status() {
  resolve_java
  [[ -f "$STATE/ports.env" ]] || { say "no stack has been started under $STATE"; return 1; }
  load_ports
  load_tail ""
  local healthy=0 component detail ports
  for component in "${COMPONENTS[@]}"; do
    case $component in
      hadoop) ports="namenode=$NAMENODE_PORT" ;;
      kafka) ports="broker=$KAFKA_PORT controller=$KAFKA_CONTROLLER_PORT" ;;
      hbase) ports="zookeeper=$ZOOKEEPER_PORT master=$HMASTER_PORT regionserver=$REGIONSERVER_PORT" ;;
      flume) ports="avro=$FLUME_AVRO_PORT metrics=$FLUME_HTTP_PORT" ;;
    esac
    if ! is_running "$component"; then
      if [[ -f "$STATE/pids/$component.pid" ]]; then
        printf '%-7s DEAD     (pid %s exited; log: %s)\n' "$component" "$(pid_of "$component")" "$STATE/logs/$component.log"
      else
        printf '%-7s stopped\n' "$component"
      fi
      healthy=1
    elif detail=$("probe_$component" 2> /dev/null); then
      printf '%-7s healthy  pid %-7s %s  %s\n' "$component" "$(pid_of "$component")" "$ports" "$detail"
    else
      printf '%-7s UNHEALTHY pid %-7s %s  (probe failed; log: %s)\n' "$component" "$(pid_of "$component")" "$ports" "$STATE/logs/$component.log"
      healthy=1
    fi
  done
  return $healthy
}

stack_env() { load_stack_env; cat "$STATE/stack.env"; }

# The client addresses a running stack wrote (KAFKA_BOOTSTRAP, HADOOP_CONF_DIR, HBASE_CONF_DIR, HDFS_URI, ...).
load_stack_env() {
  [[ -f "$STATE/stack.env" ]] || die "no local stack under $STATE: run 'bin/logpulse stack start' first"
  # shellcheck disable=SC1091
  source "$STATE/stack.env"
}

stack_reset() {
  stack_stop
  say "removing $STATE (all data, logs and ports of the local stack)"
  rm -rf "$STATE"
}

stack_is_up() {
  [[ -f "$STATE/ports.env" ]] || return 1
  local component
  for component in "${COMPONENTS[@]}"; do is_running "$component" || return 1; done
}

# stack start|stop [COMPONENT]|status|env|reset; anything else: the launcher's usage, exit 2.
stack_command() {
  case "${1:-}" in
    start) shift; stack_start "$@" ;;
    stop) shift
      if [[ $# -eq 0 ]]; then stack_stop; else
        [[ " ${COMPONENTS[*]} " == *" $1 "* ]] || die "stack stop: no component '$1' (one of: ${COMPONENTS[*]})"
        stop_component "$1" # 'stack start' starts it again, and only it
      fi ;;
    status) stack_status ;;
    env) stack_env ;;
    reset) stack_reset ;;
    *) usage; exit 2 ;;
  esac
}
