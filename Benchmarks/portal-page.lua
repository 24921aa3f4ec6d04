-- wrk script of Benchmarks/portal.sh: GETs the proposal page (the URL given to wrk) as one
-- signed-in official and counts the answers by status.
--   wrk ... -s portal-page.lua http://127.0.0.1:PORT/rounds/ROUND -- SESSION_TOKEN
-- done() prints `result` lines for portal.sh: requests, seconds, rps, p99_ms, the socket errors
-- and one `status CODE COUNT` line per status seen.

-- setup() and done() run in wrk's main Lua state, init(), request() and response() in each
-- thread's own state: the threads are kept here so that done() can read their counters.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  assert(args[1], "usage: wrk ... -s portal-page.lua URL -- SESSION_TOKEN")
  -- wrk formats the one request after init(), with these headers.
  wrk.headers["Cookie"] = "sop_session=" .. args[1]
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
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
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("result status %d %d\n", status, count))
  end
end
