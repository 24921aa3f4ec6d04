-- wrk script of Benchmarks/portal.sh, as several signed-in officials at once. Each session is
-- given as CODE:SESSION_TOKEN, or CODE:SESSION_TOKEN:CSRF to post comments:
--   wrk ... -s portal.lua http://127.0.0.1:PORT/rounds/ROUND -- TT:SESSION_TOKEN
--   wrk -tN -cN ... -s portal.lua http://127.0.0.1:PORT/rounds/ROUND/comments -- \
--     TT:SESSION_TOKEN:CSRF JM:SESSION_TOKEN:CSRF ...
-- Without a CSRF token it GETs the URL (the proposal page). With one it POSTs comments to it:
-- thread n (from 1) speaks for the nth session given, round robin, so the participants write
-- at the same time and race on the round's ref, and every comment has a text of its own (the
-- portal refuses the same comment twice): "Load comment CODE n-k" is thread n's kth post.
-- Post with as many connections as threads: each thread then has one connection and gets the
-- answer to a post before it sends the next, so it knows exactly which posts were accepted.
-- done() prints `result` lines for portal.sh: requests, seconds, rps, p99_ms, the socket
-- errors, one `status CODE COUNT` line per status seen and, for posts, one `accepted
-- PARTICIPANT COUNT` line per participant (its 303 answers) and one `accepted-text TEXT` line
-- per accepted comment.

-- setup() and done() run in wrk's main Lua state, init(), request() and response() in each
-- thread's own state: the threads are kept here so that done() can read their counters.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  assert(#args > 0, "usage: wrk ... -s portal.lua URL -- CODE:SESSION_TOKEN[:CSRF:REVISION:FINGERPRINTS] ...")
  local session = args[(number - 1) % #args + 1]
  participant, token, csrf, revision, fingerprints = session:match("^([^:]+):([^:]+):([^:]+):([^:]+):([^:]+)$")
  if not participant then participant, token = session:match("^([^:]+):([^:]+)$") end
  assert(participant, "a session is given as CODE:SESSION_TOKEN or CODE:SESSION_TOKEN:CSRF:REVISION:FINGERPRINTS")
  request_headers = { ["Cookie"] = "sop_session=" .. token }
  if csrf then request_headers["Content-Type"] = "application/x-www-form-urlencoded" end
  sent = 0
  statuses = {}
  accepted = {}
end

-- The text of this thread's kth post; as sent, form-encoded ("+" is a space).
local function text(k)
  return "Load comment " .. participant .. " " .. number .. "-" .. k
end

function request()
  if not csrf then return wrk.format("GET", nil, request_headers) end
  sent = sent + 1
  -- The form as the round page sends it; section SOP-004#detection, type ge (general).
  local body = "csrf=" .. csrf .. "&revision=" .. revision .. "&fingerprints=" .. fingerprints .. "&participant=" .. participant .. "&section=SOP-004%23detection&type=ge"
    .. "&text=" .. text(sent):gsub(" ", "+")
  return wrk.format("POST", nil, request_headers, body)
end

-- For posts, the answer to the last one sent (one connection per thread: one post in flight).
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if csrf and status == 303 then table.insert(accepted, text(sent)) end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("result requests %d\n", summary.requests))
  io.write(string.format("result seconds %.3f\n", seconds))
  io.write(string.format("result rps %.1f\n", summary.requests / seconds))
  io.write(string.format("result p99_ms %.2f\n", latency:percentile(99) / 1000))
  for _, kind in ipairs({ "connect", "read", "write", "timeout" }) do
    io.write(string.format("result error %s %d\n", kind, summary.errors[kind]))
  end
  local total, by_participant, texts = {}, {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
    local participant = thread:get("participant")
    for _, accepted_text in ipairs(thread:get("accepted")) do
      by_participant[participant] = (by_participant[participant] or 0) + 1
      table.insert(texts, accepted_text)
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("result status %d %d\n", status, count))
  end
  for participant, count in pairs(by_participant) do
    io.write(string.format("result accepted %s %d\n", participant, count))
  end
  for _, accepted_text in ipairs(texts) do
    io.write("result accepted-text " .. accepted_text .. "\n")
  end
end
