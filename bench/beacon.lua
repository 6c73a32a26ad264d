-- wrk: POST the page-view beacon as the site's script does (bench/beacon.py sets BENCH_BEACON_BODY), and report
-- like latency.lua.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BEACON_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

dofile(os.getenv("BENCH_LATENCY_LUA"))
