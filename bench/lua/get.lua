-- GET /v1/subscriptions/{id} for random ids of BENCH_IDS (one id a line), as BENCH_TOKEN.
-- GET /v1/subscriptions?ownerId=... instead when BENCH_MODE=list (BENCH_IDS then holds owners).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids, headers, list

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  ids = read_lines(os.getenv("BENCH_IDS"))
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
  list = os.getenv("BENCH_MODE") == "list"
end

function request()
  local id = ids[math.random(#ids)]
  if list then
    return wrk.format("GET", "/v1/subscriptions?ownerId=" .. id, headers)
  end
  return wrk.format("GET", "/v1/subscriptions/" .. id, headers)
end
