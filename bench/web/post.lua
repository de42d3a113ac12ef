-- wrk script: every request is one configure call on home-connect (a customer's first click).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"select": ["tv.package=cinema"]}'
