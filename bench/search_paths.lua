-- wrk: every request a different search, so the results cache never answers. The searches are the lines of the
-- file named by BENCH_SEARCH_PATHS (one path a line); thread n of BENCH_THREADS takes lines n, n + threads, ...
-- The report line is latency.lua's (BENCH_LATENCY_LUA).
dofile(os.getenv("BENCH_LATENCY_LUA"))

local paths = {}
for line in io.lines(os.getenv("BENCH_SEARCH_PATHS")) do
    paths[#paths + 1] = line
end
local stride = tonumber(os.getenv("BENCH_THREADS") or "2")
local threads = 0

function setup(thread)
    thread:set("first", threads)
    threads = threads + 1
end

function init(args)
    position = first
end

function request()
    local path = paths[(position % #paths) + 1]
    position = position + stride
    return wrk.format("GET", path)
end
