import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnrs_partners.settings")
application = get_wsgi_application()

PROBE_PATH = "/healthz"


def probe_application(environ, start_response):
    """The load balancer's probe on a server of its own: `/healthz` only, every other path 404.

    Run beside the site (README, *Production serving*: `gunicorn … cnrs_partners.wsgi:probe_application`
    on its own port, one worker): a probe answered by the site's workers waits for its turn behind every
    request in flight, for the processor and for its worker's GIL, and a saturated site reads as a dead
    one (seconds at the 99th percentile in the load run). A process that only probes sleeps between
    probes, so the system schedules it at once when one comes; it checks what the site's workers rely on
    (the code, the settings, the database), the master process restarts a worker that stops answering.
    """
    if environ.get("PATH_INFO") != PROBE_PATH:
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"this server only answers " + PROBE_PATH.encode() + b"\n"]
    return application(environ, start_response)
