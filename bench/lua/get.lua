-- GET /v1/subscriptions/{id} for random ids of BENCH_IDS (one id a line), as BENCH_TOKEN.
-- GET /v1/subscriptions?ownerId=... instead when BENCH_MODE=list (BENCH_IDS then holds owners),
-- GET /v1/subscriptions/{id}/invoices/upcoming when BENCH_MODE=upcoming.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids, headers, list, upcoming

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  ids = read_lines(os.getenv("BENCH_IDS"))
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  list = os.getenv("BENCH_MODE") == "list"
  upcoming = os.getenv("BENCH_MODE") == "upcoming"
end

function request()
  local id = ids[math.random(#ids)]
  if list then
    return wrk.format("GET", "/v1/subscriptions?ownerId=" .. id, headers)
  end
  if upcoming then
    return wrk.format("GET", "/v1/subscriptions/" .. id .. "/invoices/upcoming", headers)
  end
  return wrk.format("GET", "/v1/subscriptions/" .. id, headers)
end
