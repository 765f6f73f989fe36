-- POST /v1/subscriptions: a Pay-As-You-Go subscription per request (an account may hold any number of them),
-- each writing its row and a subscription.created event in one transaction.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local headers, body

function init(args)
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }
  body = '{"offerId":"MS-AZR-0003P","displayName":"bench creation"}'
end

function request()
  return wrk.format("POST", "/v1/subscriptions", headers, body)
end
