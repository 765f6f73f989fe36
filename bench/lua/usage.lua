-- POST /v1/usage-batches with BENCH_BATCH records per request, one record per subscription of a
-- window of consecutive ingestion targets (BENCH_IDS), each wrk thread in its own partition, so
-- concurrent batches do not wait on each other's row locks (pgbench does the same). Event ids are
-- unique: run tag, thread, request counter, position.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local ids, headers, batch, tag, counter, part = {}, nil, 0, "", 0, 0

function init(args)
  math.randomseed(os.time() * 1000 + tid)
  local all = read_lines(os.getenv("BENCH_IDS"))
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  part = math.floor(#all / threads)
  for i = 1, part do ids[i] = all[(tid - 1) * part + i] end
  batch = tonumber(os.getenv("BENCH_BATCH"))
  tag = os.getenv("BENCH_TAG")
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  local start = math.random(0, part - 1)
  local prefix = '","eventId":"' .. tag .. "-" .. tid .. "-" .. counter .. "-"
  local records = {}
  for j = 0, batch - 1 do
    records[j + 1] = '{"subscriptionId":"' .. ids[(start + j) % part + 1] .. prefix .. j
      .. '","meterId":"vm-b1s-hour","quantity":"1"}'
  end
  return wrk.format("POST", "/v1/usage-batches", headers, '{"records":[' .. table.concat(records, ",") .. "]}")
end
