-- wrk script: POSTs the form body given in the JC_BODY environment variable
-- (a signed request; see bench/wrk.sh).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = os.getenv("JC_BODY") or ""
