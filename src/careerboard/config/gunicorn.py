"""gunicorn's settings for the web processes (`gunicorn -c python:careerboard.config.gunicorn`).
`manage.py serve`, the runbook's web command and the tests' app server all read them, so every
web process runs alike; the bind address, worker count and trusted proxies are given per
machine on the command line."""

# Answers the requests gunicorn refuses itself (too long a URL) in the API's error shape.
worker_class = "careerboard.core.gunicorn_worker.JsonErrorWorker"
threads = 4
timeout = 30
graceful_timeout = 10
# gunicorn's largest limit short of none (0, which would let a client fill the memory): a URL
# up to about 8 KB reaches Django, a longer one is a JSON 414.
limit_request_line = 8190
