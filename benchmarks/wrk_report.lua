-- The request to repeat and the one-line JSON summary the benchmark runner reads.
--
-- WRK_METHOD sets the method; WRK_BODY_TEMPLATE (a form body) makes every request
-- unique: the marker NNN in it becomes "<run>-<thread>-<counter>", e.g. a fresh e-mail address.
local method = os.getenv("WRK_METHOD") or "GET"
local template = os.getenv("WRK_BODY_TEMPLATE")
local run_id = os.getenv("WRK_RUN_ID") or "0"
local next_thread = 1

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

local counter = 0

if template then
  request = function()
    counter = counter + 1
    local body = template:gsub("NNN", run_id .. "-" .. (thread_id or 0) .. "-" .. counter)
    return wrk.format(method, nil, nil, body)
  end
else
  wrk.method = method
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
               + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors": %d, "non_2xx_3xx": %d, ' ..
    '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
