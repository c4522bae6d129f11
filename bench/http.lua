-- wrk script of the HTTP benchmark: one connection per thread, each thread its own conversation.
-- Arguments (after --): mode (json | htmx | page | history | bare) and a file of conversations, one a line:
-- "<session id> <cookie value> <csrf token>". Thread n takes line n.
local count = 0

function setup(thread)
  count = count + 1
  thread:set("n", count)
end

local messages = {
  "show me laptops under $1000", "which of these has better reviews?", "how much is it?",
  "compare the first two", "only Dell ones", "what about over $1000?", "tell me about the second one",
  "what do people say about it?", "what was my first question?", "noise cancelling headphones under $300",
}
local requests, sent = {}, 0

local function form_escape(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local mode, path = args[1], args[2]
  local sid, cookie, token
  local i = 0
  for line in io.lines(path) do
    i = i + 1
    if i == n then sid, cookie, token = line:match("^(%S+) (%S+) (%S+)$") end
  end
  assert(sid, "no conversation for thread " .. n .. " in " .. path)
  for _, text in ipairs(messages) do
    local r
    if mode == "json" then
      r = wrk.format("POST", "/api/v1/chat", {["Content-Type"] = "application/json", ["Cookie"] = "session_id=" .. cookie},
                     '{"message":"' .. text .. '","session_id":"' .. sid .. '"}')
    elseif mode == "htmx" then
      r = wrk.format("POST", "/chat", {["Content-Type"] = "application/x-www-form-urlencoded", ["HX-Request"] = "true",
                                       ["Cookie"] = "session_id=" .. cookie},
                     "message=" .. form_escape(text) .. "&csrf_token=" .. form_escape(token))
    elseif mode == "page" then
      r = wrk.format("GET", "/", {["Cookie"] = "session_id=" .. cookie})
    elseif mode == "history" then
      r = wrk.format("GET", "/api/v1/chat/session/" .. sid, {["Cookie"] = "session_id=" .. cookie})
    else
      r = wrk.format("GET", "/")
    end
    table.insert(requests, r)
  end
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "socket_errors": %d, "bad_status": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
