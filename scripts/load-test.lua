-- wrk script for ./scripts/load-test.sh: POSTs one PNG to /api/predict and prints a JSON summary
-- (non-200 answers and socket errors count as errors).
local body_file = os.getenv("LOAD_TEST_IMAGE") or "docs/seven.png"

local f = assert(io.open(body_file, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
wrk.headers["Content-Type"] = "image/png"
f:close()

local all = {}
function setup(thread)
  table.insert(all, thread)
end

not_ok = 0
function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local errors = 0
  for _, t in ipairs(all) do errors = errors + (t:get("not_ok") or 0) end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    '{"tool":"wrk","requests":%d,"non_200":%d,"socket_errors":%d,"seconds":%.3f,"requests_per_sec":%.1f,' ..
    '"latency_ms":{"p50":%.2f,"p90":%.2f,"p99":%.2f,"max":%.2f}}\n',
    summary.requests, errors, socket_errors, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
