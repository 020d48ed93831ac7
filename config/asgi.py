import os

from django.core.asgi import get_asgi_application

# Like wsgi.py: production unless told otherwise (and production refuses to start without its secrets).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_asgi_application()
