"""gunicorn settings for one Loopwise web instance (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Every value can be changed from the environment, so one file serves every instance of the fleet:
LOOPWISE_BIND_HOST (127.0.0.1; a machine's private address when the proxy is on another machine) and
LOOPWISE_PORT (8000, the systemd unit's instance name), or LOOPWISE_BIND for both; LOOPWISE_WEB_WORKERS
(2 × cores + 1), LOOPWISE_WEB_THREADS (1), LOOPWISE_WEB_TIMEOUT (30 s), LOOPWISE_FORWARDED_ALLOW_IPS
(127.0.0.1: the address of the proxy in front, which alone may say the request came over HTTPS).
"""

import multiprocessing
import os

bind = os.environ.get("LOOPWISE_BIND") or (
    f"{os.environ.get('LOOPWISE_BIND_HOST', '127.0.0.1')}:{os.environ.get('LOOPWISE_PORT', '8000')}"
)
workers = int(os.environ.get("LOOPWISE_WEB_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("LOOPWISE_WEB_THREADS", 1))
timeout = int(os.environ.get("LOOPWISE_WEB_TIMEOUT", 30))
graceful_timeout = 30  # a restart lets running requests finish
keepalive = 5
# Recycle workers now and then (a slow leak never takes an instance down); jitter so they do not all at once.
max_requests = 2000
max_requests_jitter = 200
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only the proxy may say the request came over HTTPS (X-Forwarded-Proto) and from whom.
forwarded_allow_ips = os.environ.get("LOOPWISE_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log to stdout (the journal), plain text with the request id the app gave the request (the app's
# own JSON line per request, `loopwise.request`, carries the same id, the user and the time taken).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
proc_name = "loopwise-web"
