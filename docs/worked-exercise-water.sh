#!/usr/bin/env bash
# Plays the trainer's guide's worked exercise 1 (water treatment, the IT pivot to the
# treated-water overflow) through the dashboard's REST API: a trainer and two trainees, each
# logged in to a session of their own with its CSRF token, as the web UI does. Ann does what the
# guide's good trainee does; Bob makes the common mistakes. At the end it prints the debrief's
# scores and writes the class record (CSV). See docs/trainer-guide.md, "Worked exercise 1".
#
# Usage: OTLAB_ADMIN_PASSWORD=... docs/worked-exercise-water.sh [http://127.0.0.1:8080]
# Needs curl and jq, and a dashboard started with ./otlab serve. It creates the users tina
# (operator), ann and bob (trainees) when they do not exist, with the passwords below.
# Takes about 10 minutes: the 75-minute scenario plays at 10x, then the undefended baseline.
set -euo pipefail

BASE=${1:-http://127.0.0.1:8080}
: "${OTLAB_ADMIN_PASSWORD:?set OTLAB_ADMIN_PASSWORD to the password of the user admin}"
TRAINER_PW=${TRAINER_PW:-Maple-river-42}
ANN_PW=${ANN_PW:-Copper-lake-17}
BOB_PW=${BOB_PW:-Silver-fern-93}
DIR=$(mktemp -d)
echo "working files in $DIR"

# ---- sessions: POST /api/session answers the CSRF token every POST must send back ----
login() { # login USER PASSWORD
  curl -sSf -c "$DIR/$1.jar" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg u "$1" --arg p "$2" '{username: $u, password: $p}')" \
    "$BASE/api/session" | jq -r .csrfToken >"$DIR/$1.csrf"
}
get() { # get USER PATH
  curl -sS -b "$DIR/$1.jar" "$BASE$2"
}
post() { # post USER PATH [JSON]
  local body=${3:-'{}'}
  curl -sS -b "$DIR/$1.jar" -H "X-CSRF-Token: $(cat "$DIR/$1.csrf")" \
    -H 'Content-Type: application/json' -d "$body" "$BASE$2"
}
say() { printf '%s  %s\n' "$(date +%T)" "$*"; }

# ---- the class: an admin creates the trainer and the trainees (Users page) ----
login admin "$OTLAB_ADMIN_PASSWORD"
for u in "tina operator $TRAINER_PW" "ann trainee $ANN_PW" "bob trainee $BOB_PW"; do
  set -- $u
  post admin /api/users "$(jq -n --arg u "$1" --arg r "$2" --arg p "$3" \
    '{username: $u, role: $r, password: $p}')" | jq -c '{username, role, code}'
done
login tina "$TRAINER_PW"
login ann "$ANN_PW"
login bob "$BOB_PW"

# ---- set up (Exercises -> + New exercise), as in the guide's settings table ----
EX=$(post tina /api/exercises '{
  "title": "Night shift: water treatment",
  "architecture": "water-treatment-flat", "detection": "full",
  "scenarios": ["wt-it-pivot-treated-overflow"], "speed": "1", "seed": 1,
  "objectives": ["detect", "attribute", "contain", "keep-production"],
  "hints": [{"text": "Which hosts talk to the SIS?", "at": 300},
            {"text": "What does T-301'"'"'s level do?"}],
  "mode": "individual"}' | jq -r .id)
P=/api/exercises/$EX
say "exercise $EX created"
post ann "$P/join" '{}' | jq -c .you
post bob "$P/join" '{}' | jq -c .you

# ---- each trainee watches their own filtered stream (the UI reconnects a quiet stream: so do we)
follow() { # follow USER: appends USER's stream to $DIR/USER.sse until the exercise is over
  while [ ! -e "$DIR/over" ]; do
    curl -sS -N -b "$DIR/$1.jar" "$BASE$P/live" >>"$DIR/$1.sse" 2>/dev/null &
    echo $! >"$DIR/$1.curl"
    wait $! || true
    sleep 1
  done
}
alerts() { # alerts USER: the alerts on USER's stream so far, one JSON object a line
  grep -A1 '^event:alert' "$DIR/$1.sse" | sed -n 's/^data://p'
}

post tina "$P/start" | jq -c '{state, labs: [.labs[].lab]}'
follow ann & FA=$!
follow bob & FB=$!
stop_following() {
  touch "$DIR/over"
  kill "$FA" "$FB" "$(cat "$DIR/ann.curl")" "$(cat "$DIR/bob.curl")" 2>/dev/null || true
}
trap stop_following EXIT

# The class finds its panels at 1x; then 10x. (A clock asked for while a lab still starts holds
# that lab as it starts.)
sleep 20
post tina "$P/clock" '{"action": "speed", "speed": "10"}' | jq -c .
until [ -s "$DIR/ann.sse" ] && alerts ann | grep -q .; do sleep 0.5; done
# Pause after the first alerts to let the class triage.
sleep 1
post tina "$P/clock" '{"action": "pause"}' | jq -c .
alerts ann | jq -c '{t, id, technique, hosts, summary}'

id_of() { # id_of USER JQ-FILTER: the id of the first alert on USER's stream that matches
  alerts "$1" | jq -r "select($2) | .id" | head -n 1
}

# ---- Ann: the good trainee ----
RDP=$(id_of ann '.rule == "baseline-new-flow" and (.hosts | index("eng-ws"))')
SIS=$(id_of ann '.hosts | index("sis-water")')
PLC=$(id_of ann '.hosts | index("plc-treatment")')
post ann "$P/triage" "{\"alert\": \"$RDP\", \"verdict\": true, \"technique\": \"T0866\", \"host\": \"eng-ws\"}" | jq -c .
post ann "$P/triage" "{\"alert\": \"$SIS\", \"verdict\": true, \"technique\": \"T0880\", \"host\": \"sis-water\"}" | jq -c .
post ann "$P/triage" "{\"alert\": \"$PLC\", \"verdict\": true, \"technique\": \"T0855\", \"host\": \"plc-treatment\"}" | jq -c .
respond() { # respond USER ACTION-JSON WHY
  post "$1" "$P/responses" "$(jq -n --argjson a "$2" --arg w "$3" '{action: $a, why: $w}')" \
    | jq -c '{describe, sent, t}'
}
respond ann '{"kind": "reset-sis", "controller": "sis-water"}' "the SIS bypass coil was written from eng-ws"
respond ann '{"kind": "operator", "tag": "pump_auto", "value": 1}' "P-101 was forced to manual; back to its level loop"
respond ann '{"kind": "kill-connections", "source": "ws-1", "destination": "eng-ws"}' "RDP from the office workstation"
respond ann '{"kind": "isolate-host", "host": "ws-1"}' "ws-1 opened RDP to eng-ws"
post ann "$P/findings" '{"text": "Office workstation ws-1 pivoted over RDP to eng-ws, bypassed the SIS and forced P-101 on; SIS reset, pump back in auto, ws-1 isolated."}' | jq -c .

# ---- Bob: takes the alert's own technique, calls the PLC write noise, isolates eng-ws ----
BRDP=$(id_of bob '.rule == "baseline-new-flow" and (.hosts | index("eng-ws"))')
BPLC=$(id_of bob '.hosts | index("plc-treatment")')
post bob "$P/triage" "{\"alert\": \"$BRDP\", \"verdict\": true, \"technique\": \"T0846\", \"host\": \"ws-1\"}" | jq -c .
post bob "$P/triage" "{\"alert\": \"$BPLC\", \"verdict\": false}" | jq -c .
respond bob '{"kind": "isolate-host", "host": "eng-ws"}' "eng-ws took RDP from the office, then wrote to the PLCs"
post bob "$P/findings" '{"text": "RDP from ws-1 to eng-ws; isolated eng-ws."}' | jq -c .

# ---- the trainer releases the second hint and lets the labs play to their end at 10x ----
post tina "$P/hints/1/release" | jq -c .
post tina "$P/clock" '{"action": "resume"}' | jq -c .
until [ "$(get tina "$P" | jq -r .state)" = finished ]; do sleep 10; done
say "labs ended; waiting for the undefended baseline"
until [ "$(get tina "$P/debrief" | jq -r .baseline.status)" = finished ]; do sleep 5; done

# ---- the debrief and the class record ----
get tina "$P/debrief" >"$DIR/debrief.json"
jq -c '{scenario, architecture, seed, baseline: (.baseline | {harm, deniedOperations, productionLost})}' "$DIR/debrief.json"
jq -c '.labs[] | {lab, harm, deniedOperations, steps: [.steps[] | "\(.t) \(.step) \(.outcome)"]}' "$DIR/debrief.json"
jq -c '.trainees[] | {user, score: (.score | {triageAccuracy, attributionAccuracy, timeToDetect,
  timeToContain, harmAverted, collateralCost, productionLost}), objectives}' "$DIR/debrief.json"
get tina "$P/debrief?format=csv" >"$DIR/class-record.csv"
say "class record: $DIR/class-record.csv"
